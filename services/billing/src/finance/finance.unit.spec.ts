import type { RecordedEvent } from '@platform/event-store';
import { subscriptionDecider } from '../subscription/subscription.decider';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { reconcile, termsOf } from './reconcile';
import { usageHistory } from './usage-history';

/** A small history: start, two certificates, one refunded after 2 days, an upgrade, automatic renewal. */
const history = (): SubscriptionEvent[] => {
  const events: SubscriptionEvent[] = [];
  const run = (command: Parameters<typeof subscriptionDecider.decide>[0]) => {
    const state = events.reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
    events.push(...subscriptionDecider.decide(command, state));
  };
  run({ type: 'StartSubscription', organisationId: 'org-1', usageClass: 'A', member: true, startsOn: '2026-11-01', poNumber: 'PO-0', at: new Date('2026-11-01T09:00:00Z') });
  for (const id of ['c1', 'c2']) {
    run({ type: 'ReserveAllowance', certificateId: id, at: new Date('2026-12-01T10:00:00Z') });
    run({ type: 'CountIssuedCertificate', certificateId: id, issuedAt: '2026-12-01T10:00:00.000Z' });
  }
  run({ type: 'RefundRevokedCertificate', certificateId: 'c2', issuedAt: '2026-12-01T10:00:00.000Z', revokedAt: '2026-12-03T12:00:00.000Z' });
  run({ type: 'UpgradeSubscription', usageClass: 'B', member: true, at: new Date('2027-05-01T00:00:00Z'), by: 'rao-1' });
  run({ type: 'CatchUp', at: new Date('2027-11-01T00:00:00Z'), renewalToken: 'org-1.t' });
  return events;
};
const recorded = (events: SubscriptionEvent[]): RecordedEvent[] =>
  events.map((e, i) => ({ ...e, id: `e${i}`, streamId: 'subscription-org-1', revision: i, position: BigInt(i + 1), metadata: { correlationId: 'x', occurredAt: `2027-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, actor: 'a' } }));

describe('finance', () => {
  it('usage history per term: issued, refunded with days since issuance, upgrades, renewals, invoices', () => {
    const terms = usageHistory(recorded(history()));
    expect(terms.map((t) => [t.termStart, t.issued, t.refunded, t.invoicedPence])).toEqual([
      // the first term (member price of A, 50,000) and the upgrade A→B on 1 May: 40,000 × 184 ÷ 365 = 20,164.38
      ['2026-11-01', 2, 1, 70_164],
      ['2027-11-01', 0, 0, 90_000],
    ]);
    const first = terms[0].entries;
    expect(first.find((e) => e.kind === 'refunded')).toMatchObject({ certificateId: 'c2', daysSinceIssuance: 2 });
    expect(first.find((e) => e.kind === 'invoice')).toMatchObject({ amountPence: 50_000, invoiceNumber: 'INV-ORG1-0001', poNumber: 'PO-0' });
    expect(first.find((e) => e.kind === 'upgrade')).toMatchObject({ fromClass: 'A', usageClass: 'B', invoiceNumber: 'INV-ORG1-0002' });
    expect(terms[1].entries.map((e) => e.kind)).toEqual(['renewal', 'invoice']);
    expect(usageHistory(recorded(history()), '2027-11-01')).toHaveLength(1);
  });

  it('reconciliation: the tally equals issued minus refunded according to issuance, per term', () => {
    const events = history();
    const state = events.reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
    const tally = state.status === 'none' ? {} : state.tally;
    const certificates = [
      { id: 'c1', issuedAt: '2026-12-01T10:00:00.000Z' },
      { id: 'c2', issuedAt: '2026-12-01T10:00:00.000Z', revokedAt: '2026-12-03T12:00:00.000Z' },
    ];
    expect(reconcile(termsOf(events), tally, certificates)).toEqual([
      { termStart: '2026-11-01', termEnd: '2027-11-01', tally: 1, issued: 2, refundable: 1, expected: 1, ok: true },
      { termStart: '2027-11-01', termEnd: '2028-11-01', tally: 0, issued: 0, refundable: 0, expected: 0, ok: true },
    ]);
    // A certificate billing never counted shows up as a difference.
    const missed = reconcile(termsOf(events), tally, [...certificates, { id: 'c3', issuedAt: '2027-01-01T00:00:00.000Z' }]);
    expect(missed[0]).toMatchObject({ tally: 1, expected: 2, ok: false });
  });

  it('a unit confirmed for a certificate never issued shows as not-issued, apart from refunds, and leaves the tally as issuance has it', () => {
    const events = history();
    const run = (command: Parameters<typeof subscriptionDecider.decide>[0]) =>
      events.push(...subscriptionDecider.decide(command, events.reduce(subscriptionDecider.evolve, subscriptionDecider.initialState())));
    run({ type: 'ReserveAllowance', certificateId: 'c9', at: new Date('2027-11-02T10:00:00Z') });
    run({ type: 'ConfirmAllowance', certificateId: 'c9', at: new Date('2027-11-02T10:00:01Z'), issuedAt: '2027-11-02T10:00:01.000Z' });
    run({ type: 'ReleaseAllowance', certificateId: 'c9', at: new Date('2027-11-02T10:00:02Z'), confirmed: true });
    const [, second] = usageHistory(recorded(events));
    expect([second.issued, second.refunded]).toEqual([0, 0]);
    expect(second.entries.filter((e) => e.certificateId === 'c9').map((e) => e.kind)).toEqual(['issued', 'not-issued']);
    const state = events.reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
    expect(reconcile(termsOf(events), state.status === 'none' ? {} : state.tally, [])[1]).toMatchObject({ tally: 0, expected: 0, ok: true });
  });
});
