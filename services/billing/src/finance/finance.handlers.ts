import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Billing, Identity, Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { type Actor, CLOCK, type Clock, DomainError, canActOnOrganisation, isOperator } from '@platform/kernel';
import { assertSubscriptionAccess } from '../subscription/subscription.access';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { BILLING_STORE } from '../billing.tokens';
import { BillingReadModel } from '../projections/billing.read-model';
import { addDays } from '../subscription/subscription.calendar';
import { subscriptionDecider } from '../subscription/subscription.decider';
import { type SubscriptionEvent, subscriptionStream } from '../subscription/subscription.events';
import { subscriptionNotFound, toView } from '../subscription/subscription.view';
import { type IssuedCertificate, reconcile, termsOf } from './reconcile';
import { usageHistory } from './usage-history';

const operatorOnly = (actor: Actor) => {
  if (!isOperator(actor)) throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) sees every subscription and the reconciliation.');
};

export class UsageHistoryQuery extends Query<Billing.UsageHistoryResponse> {
  constructor(readonly input: Billing.UsageHistoryRequest) {
    super();
  }
}

@QueryHandler(UsageHistoryQuery)
export class UsageHistoryHandler implements IQueryHandler<UsageHistoryQuery> {
  constructor(@Inject(BILLING_STORE) private readonly store: EventStore) {}

  async execute({ input: { actor, organisationId, termStart } }: UsageHistoryQuery): Promise<Billing.UsageHistoryResponse> {
    assertSubscriptionAccess(actor, organisationId, 'view-reports');
    const events = canActOnOrganisation(actor, organisationId) ? await this.store.readStream(subscriptionStream(organisationId)) : [];
    if (events.length === 0) throw subscriptionNotFound();
    return { organisationId, terms: usageHistory(events, termStart) };
  }
}

export class SubscriptionAsOfQuery extends Query<Billing.SubscriptionAsOfResponse> {
  constructor(readonly input: Billing.SubscriptionAsOfRequest) {
    super();
  }
}

/** Replays the events that had happened by `at` (their business time from the injected clock). */
@QueryHandler(SubscriptionAsOfQuery)
export class SubscriptionAsOfHandler implements IQueryHandler<SubscriptionAsOfQuery> {
  constructor(@Inject(BILLING_STORE) private readonly store: EventStore) {}

  async execute({ input: { actor, organisationId, at } }: SubscriptionAsOfQuery): Promise<Billing.SubscriptionAsOfResponse> {
    assertSubscriptionAccess(actor, organisationId, 'view-reports');
    const events = canActOnOrganisation(actor, organisationId) ? await this.store.readStream(subscriptionStream(organisationId)) : [];
    const until = Date.parse(at);
    const replayed = events.filter((e) => Date.parse(e.metadata.occurredAt) <= until);
    if (replayed.length === 0)
      throw new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', `The organisation had no subscription at ${at}.`);
    const state = replayed.reduce((s, e) => subscriptionDecider.evolve(s, e as unknown as SubscriptionEvent), subscriptionDecider.initialState());
    return { ...toView(state), asOf: new Date(until).toISOString(), eventsReplayed: replayed.length };
  }
}

export class ReconcileQuery extends Query<Billing.ReconcileResponse> {
  constructor(readonly input: Billing.ReconcileRequest) {
    super();
  }
}

@QueryHandler(ReconcileQuery)
export class ReconcileHandler implements IQueryHandler<ReconcileQuery> {
  constructor(
    @Inject(BILLING_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly readModel: BillingReadModel,
  ) {}

  async execute({ input: { actor, organisationId } }: ReconcileQuery): Promise<Billing.ReconcileResponse> {
    operatorOnly(actor);
    const ids = organisationId ? [organisationId] : (await this.readModel.subscriptions()).map((r) => r.organisationId);
    const organisations = [];
    for (const id of ids) {
      const events = (await this.store.readStream(subscriptionStream(id))) as unknown as SubscriptionEvent[];
      if (events.length === 0) throw subscriptionNotFound();
      const state = events.reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
      const terms = reconcile(termsOf(events), state.status === 'none' ? {} : state.tally, await this.certificates(actor, id));
      organisations.push({ organisationId: id, ok: terms.every((t) => t.ok), terms });
    }
    return { ok: organisations.every((o) => o.ok), organisations };
  }

  /** Issuance's record of the organisation's certificates, asked on behalf of the operator. */
  private async certificates(actor: Actor, organisationId: string): Promise<IssuedCertificate[]> {
    const all: IssuedCertificate[] = [];
    for (let page = 1; ; page++) {
      const reply = await sendRequest(this.bus, Issuance.ListCertificates, { actor, organisationId, page, pageSize: 500 });
      all.push(...reply.items.map((c) => ({ id: c.id, issuedAt: c.issuedAt, revokedAt: c.revokedAt })));
      if (all.length >= reply.total || reply.items.length === 0) return all;
    }
  }
}

export class ListSubscriptionsQuery extends Query<Billing.ListSubscriptionsResponse> {
  constructor(readonly input: Billing.ListSubscriptionsRequest) {
    super();
  }
}

@QueryHandler(ListSubscriptionsQuery)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptionsQuery> {
  constructor(
    private readonly readModel: BillingReadModel,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, view, withinDays } }: ListSubscriptionsQuery): Promise<Billing.ListSubscriptionsResponse> {
    operatorOnly(actor);
    const today = this.clock.now().toISOString().slice(0, 10);
    const where =
      view === 'renewals-due'
        ? { renewed: false, termEnd: { $lte: addDays(today, withinDays) } }
        : view === 'awaiting-po'
          ? { awaitingPoInvoice: { $ne: null } }
          : view === 'suspended'
            ? { status: 'suspended' }
            : {};
    const rows = await this.readModel.subscriptions(where);
    // Names are identity's: asked at read time, so a rename shows at once.
    const names = rows.length
      ? new Map((await sendRequest(this.bus, Identity.OrganisationNames, { organisationIds: rows.map((r) => r.organisationId) })).items.map((o) => [o.id, o.name]))
      : new Map<string, string>();
    const items = rows.map((r) => ({
      organisationId: r.organisationId,
      ...(names.has(r.organisationId) ? { organisationName: names.get(r.organisationId) } : {}),
      status: r.status,
      usageClass: r.usageClass,
      allowance: r.allowance,
      tally: r.tally,
      termStart: r.termStart,
      termEnd: r.termEnd,
      renewed: r.renewed,
      ...(r.awaitingPoInvoice ? { awaitingPoInvoice: r.awaitingPoInvoice, poDueBy: r.poDueBy } : {}),
    }));
    return { items, total: items.length };
  }
}
