import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing, SubscriptionView } from '@platform/contracts';
import { assertCanReadSubscriptionState } from '../subscription/subscription.access';
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
    assertCanReadSubscriptionState(input.actor, input.organisationId);
    const state = await this.subscriptions.read(input.organisationId);
    return toView(state);
  }
}
