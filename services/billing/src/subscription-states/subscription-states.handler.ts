import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { BillingReadModel } from '../projections/billing.read-model';

export class SubscriptionStatesQuery extends Query<Billing.SubscriptionStatesResponse> {
  constructor(readonly input: Billing.SubscriptionStatesRequest) {
    super();
  }
}

/** Another service's question (identity's organisation listing): active or suspended, per organisation. */
@QueryHandler(SubscriptionStatesQuery)
export class SubscriptionStatesHandler implements IQueryHandler<SubscriptionStatesQuery> {
  constructor(private readonly readModel: BillingReadModel) {}

  async execute({ input }: SubscriptionStatesQuery): Promise<Billing.SubscriptionStatesResponse> {
    const wanted = new Set(input.organisationIds);
    const rows = await this.readModel.subscriptions();
    return { items: rows.filter((r) => wanted.has(r.organisationId)).map((r) => ({ organisationId: r.organisationId, status: r.status })) };
  }
}
