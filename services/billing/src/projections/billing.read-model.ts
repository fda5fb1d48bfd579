import { Inject, Injectable } from '@nestjs/common';
import type { Billing } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import { invoiceOrganisations } from '../subscription/subscription.access';
import { type Projection, ReadModelHost, type ReadModelDbConfig } from '@platform/read-model';
import { BILLING_READ_MODEL, BILLING_STORE } from '../billing.tokens';
import { type InvoiceRow, InvoiceRowSchema, ReservationRowSchema, type SubscriptionRow, SubscriptionRowSchema } from './billing-rows.entity';
import { invoiceProjection, subscriptionIndexProjection } from './billing.projections';

export const toInvoiceView = (r: InvoiceRow): Billing.InvoiceView => ({
  invoiceNumber: r.invoiceNumber,
  organisationId: r.organisationId,
  termStart: r.termStart,
  reason: r.reason as Billing.InvoiceView['reason'],
  ...(r.poNumber ? { poNumber: r.poNumber } : {}),
  lines: JSON.parse(r.lines) as Billing.InvoiceView['lines'],
  totalPence: r.totalPence,
  status: r.status,
  raisedAt: r.raisedAt.toISOString(),
});

/** Every projection of billing, in the order its host runs them (the ops command lists and verifies these). */
export const BILLING_PROJECTIONS: readonly Projection[] = [subscriptionIndexProjection, invoiceProjection];

/**
 * Billing's rebuildable read models: invoices, and the subscription index with due dates. Each reader
 * waits only for the projection it reads: a fault in the invoices never holds up the scheduler.
 */
@Injectable()
export class BillingReadModel extends ReadModelHost {
  constructor(@Inject(BILLING_STORE) store: EventStore, @Inject(BILLING_READ_MODEL) config: ReadModelDbConfig) {
    super(store, config, [...BILLING_PROJECTIONS]);
  }

  async invoices(actor: Actor, q: Omit<Billing.ListInvoicesRequest, 'actor'>) {
    await this.caughtUp({ projections: [invoiceProjection.name] });
    // RAOs and MRAOs only: a DRAO's grant names an organisation but gives no sight of its invoices.
    const visible = invoiceOrganisations(actor);
    const where: Record<string, unknown> = {};
    if (q.organisationId) {
      if (visible && !visible.includes(q.organisationId)) return { items: [], total: 0 };
      where.organisationId = q.organisationId;
    } else if (visible) where.organisationId = { $in: visible };
    if (q.status) where.status = q.status;
    const rows = await this.orm.em.fork().find(InvoiceRowSchema, where, { orderBy: { raisedAt: 'asc', invoiceNumber: 'asc' } });
    return { items: rows.map(toInvoiceView), total: rows.length };
  }

  /** The index has the event at `position` (the scheduler's own writes): never waits on the invoices. */
  indexReached(position: bigint): Promise<void> {
    return this.waitFor(position, { projections: [subscriptionIndexProjection.name] });
  }

  /** Organisations with something due at `now`: a due date passed, or a reservation older than `expiredBefore`. */
  async dueOrganisations(now: Date, expiredBefore: Date): Promise<string[]> {
    await this.caughtUp({ projections: [subscriptionIndexProjection.name] });
    const em = this.orm.em.fork();
    const due = await em.find(SubscriptionRowSchema, { nextDueAt: { $lte: now } }, { fields: ['organisationId'] });
    const stale = await em.find(ReservationRowSchema, { reservedAt: { $lte: expiredBefore } }, { fields: ['organisationId'] });
    return [...new Set([...due, ...stale].map((r) => r.organisationId))];
  }

  /**
   * Units reserved and neither confirmed nor released, as the index has them: one count, no wait (a
   * scrape never holds up; the index is at most its live delay, about a second, behind).
   */
  reservationsInFlight(): Promise<number> {
    return this.orm.em.fork().count(ReservationRowSchema, {});
  }

  /** Readers see every event appended before they asked: the index gathers live events for up to a second. */
  async subscriptions(where: Record<string, unknown> = {}): Promise<SubscriptionRow[]> {
    await this.caughtUp({ projections: [subscriptionIndexProjection.name] });
    return this.orm.em.fork().find(SubscriptionRowSchema, where, { orderBy: { termEnd: 'asc', organisationId: 'asc' } });
  }
}
