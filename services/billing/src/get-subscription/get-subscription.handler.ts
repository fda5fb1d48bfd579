import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing, SubscriptionView } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import { canReadSubscriptionState } from '../subscription/subscription.access';
import { BILLING_STORE } from '../billing.tokens';
import { subscriptionDecider } from '../subscription/subscription.decider';
import { subscriptionStream } from '../subscription/subscription.events';
import { toView } from '../subscription/subscription.view';

export class GetSubscriptionQuery extends Query<SubscriptionView> {
  constructor(readonly input: Billing.GetSubscriptionRequest) {
    super();
  }
}

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(@Inject(BILLING_STORE) private readonly store: EventStore) {}

  async execute({ input }: GetSubscriptionQuery): Promise<SubscriptionView> {
    // Out of scope answers like absent, so existence does not leak.
    if (!canReadSubscriptionState(input.actor, input.organisationId))
      throw new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', 'The organisation has no subscription.');
    const { state } = await aggregateStream(this.store, subscriptionStream(input.organisationId), subscriptionDecider);
    return toView(state);
  }
}
