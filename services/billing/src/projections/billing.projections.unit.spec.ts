import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { ProjectionRunner, type ReadModelOrm, openReadModelOrm } from '@platform/read-model';
import type { SubscriptionCommand } from '../subscription/subscription.decide';
import { subscriptionDecider } from '../subscription/subscription.decider';
import { subscriptionStream } from '../subscription/subscription.events';
import { nextDueAt } from '../subscription/subscription.schedule';
import { InvoiceRowSchema, ReservationRowSchema, SubscriptionRowSchema } from './billing-rows.entity';
import { invoiceProjection, subscriptionIndexProjection } from './billing.projections';

/**
 * The scheduler trusts the index's due date: after every step of a subscription's life it must equal
 * the aggregate's own (reservations aside, which have their own table), and a rebuild by replay must
 * give the same rows as the incremental run.
 */
describe('billing projections (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billing-rm-'));
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  let orm: ReadModelOrm;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    orm = await openReadModelOrm({ kind: 'sqlite', filename: join(dir, 'read.db') }, [SubscriptionRowSchema, ReservationRowSchema, InvoiceRowSchema]);
    runner = new ProjectionRunner({ orm, store, projections: [subscriptionIndexProjection, invoiceProjection] });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await orm.close(true);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () => {
    const em = orm.em.fork();
    return {
      subscriptions: await em.find(SubscriptionRowSchema, {}, { orderBy: { organisationId: 'asc' } }),
      reservations: await em.find(ReservationRowSchema, {}, { orderBy: { certificateId: 'asc' } }),
      invoices: await em.find(InvoiceRowSchema, {}, { orderBy: { invoiceNumber: 'asc' } }),
    };
  };

  it('keeps the due date equal to the aggregate\'s through a whole life, and rebuilds to the same rows', async () => {
    const org = 'org-1';
    const steps: SubscriptionCommand[] = [
      { type: 'StartSubscription', organisationId: org, usageClass: 'A', member: true, startsOn: '2026-11-01', at: new Date('2026-11-01T00:00:00Z') },
      { type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2026-12-01T10:00:00Z') },
      { type: 'CountIssuedCertificate', certificateId: 'c1', issuedAt: '2026-12-01T10:00:00.000Z' },
      { type: 'ReserveAllowance', certificateId: 'c2', at: new Date('2026-12-01T11:00:00Z') },
      { type: 'UpgradeSubscription', usageClass: 'C', member: true, at: new Date('2027-02-01T00:00:00Z'), by: 'rao' },
      { type: 'CatchUp', at: new Date('2027-08-01T00:00:00Z'), renewalToken: `${org}.t1` },
      { type: 'CatchUp', at: new Date('2027-11-01T00:00:00Z'), renewalToken: `${org}.t2` },
      { type: 'CatchUp', at: new Date('2027-12-01T00:00:00Z'), renewalToken: `${org}.t3` },
      { type: 'ProvidePurchaseOrder', poNumber: 'PO-1', at: new Date('2027-12-02T00:00:00Z'), by: 'rao' },
      { type: 'RenewSubscription', usageClass: 'B', member: true, poNumber: 'PO-2', at: new Date('2028-01-02T00:00:00Z'), by: 'rao' },
    ];
    for (const command of steps) {
      const at = 'at' in command ? command.at : new Date('2026-11-01T00:00:00Z');
      const { state, position } = await handleCommand(store, subscriptionStream(org), subscriptionDecider, command, eventMetadata({ at }));
      if (position !== undefined) await runner.waitFor(position);
      const [row] = (await rows()).subscriptions;
      const withoutReservations = state.status === 'none' ? state : { ...state, reservations: {} };
      expect({ step: command.type, due: row.nextDueAt.toISOString() }).toEqual({ step: command.type, due: nextDueAt(withoutReservations)!.toISOString() });
      // The open reservations, row for row: made by a reservation, gone once counted or released.
      const open = state.status === 'none' ? [] : Object.keys(state.reservations).sort();
      expect({ step: command.type, reservations: (await rows()).reservations.map((r) => r.certificateId) }).toEqual({ step: command.type, reservations: open });
    }
    const incremental = await rows();
    expect(incremental.subscriptions[0]).toMatchObject({ status: 'active', usageClass: 'C', termStart: '2027-11-01', renewed: true, awaitingPoInvoice: null });
    expect(incremental.invoices.map((i) => [i.reason, i.status, i.poNumber])).toEqual([
      ['first-term', 'awaiting-po', null],
      ['upgrade', 'issued', null],
      ['auto-renewal', 'issued', 'PO-1'],
      ['renewal', 'issued', 'PO-2'],
    ]);
    // c2 was never confirmed: released as expired by the first catch-up.
    expect(incremental.reservations).toEqual([]);

    await runner.rebuild(subscriptionIndexProjection.name);
    await runner.rebuild(invoiceProjection.name);
    expect(await rows()).toEqual(incremental);
  });
});
