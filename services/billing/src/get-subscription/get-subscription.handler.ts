import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing, SubscriptionView } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { canReadSubscriptionState } from '../subscription/subscription.access';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { toView } from '../subscription/subscription.view';

export class GetSubscriptionQuery extends Query<SubscriptionView> {
  constructor(readonly input: Billing.GetSubscriptionRequest) {
    super();
  }
}

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}

  async execute({ input }: GetSubscriptionQuery): Promise<SubscriptionView> {
    // Out of scope answers like absent, so existence does not leak.
    if (!canReadSubscriptionState(input.actor, input.organisationId))
      throw new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', 'The organisation has no subscription.');
    const state = await this.subscriptions.read(input.organisationId);
    return toView(state);
  }
}
