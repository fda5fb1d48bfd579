import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing, HistoryEntry } from '@platform/contracts';
import { type EventStore, toHistoryEntry } from '@platform/event-store';
import { DomainError, canActOnOrganisation } from '@platform/kernel';
import { BILLING_STORE } from '../billing.tokens';
import { subscriptionStream } from '../subscription/subscription.events';

/** Every tally, refund and change of the subscription, in order, with who and when. */
export class SubscriptionHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly input: Billing.SubscriptionHistoryRequest) {
    super();
  }
}

@QueryHandler(SubscriptionHistoryQuery)
export class SubscriptionHistoryHandler implements IQueryHandler<SubscriptionHistoryQuery> {
  constructor(@Inject(BILLING_STORE) private readonly store: EventStore) {}

  async execute({ input }: SubscriptionHistoryQuery): Promise<HistoryEntry[]> {
    const events = canActOnOrganisation(input.actor, input.organisationId)
      ? await this.store.readStream(subscriptionStream(input.organisationId))
      : [];
    if (events.length === 0)
      throw new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', 'The organisation has no subscription.');
    return events.map(toHistoryEntry);
  }
}
