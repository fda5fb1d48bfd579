import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { BillingReadModel } from '../projections/billing.read-model';

export class ListInvoicesQuery extends Query<Billing.ListInvoicesResponse> {
  constructor(readonly input: Billing.ListInvoicesRequest) {
    super();
  }
}

/** Scope comes from the read model's filter: an RAO sees only their organisations' invoices. */
@QueryHandler(ListInvoicesQuery)
export class ListInvoicesHandler implements IQueryHandler<ListInvoicesQuery> {
  constructor(private readonly readModel: BillingReadModel) {}

  execute({ input: { actor, ...filters } }: ListInvoicesQuery) {
    return this.readModel.invoices(actor, filters);
  }
}
