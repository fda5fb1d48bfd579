import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Billing } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { ListSubscriptionsQuery, ReconcileQuery, SubscriptionAsOfQuery, UsageHistoryQuery } from './finance.handlers';

/** Finance and operator views: translation only. */
@Injectable()
export class FinanceNatsController {
  constructor(private readonly queries: QueryBus) {}

  @OnRequest(Billing.UsageHistory)
  usageHistory(input: Billing.UsageHistoryRequest) {
    return this.queries.execute(new UsageHistoryQuery(input));
  }

  @OnRequest(Billing.SubscriptionAsOf)
  asOf(input: Billing.SubscriptionAsOfRequest) {
    return this.queries.execute(new SubscriptionAsOfQuery(input));
  }

  @OnRequest(Billing.Reconcile)
  reconcile(input: Billing.ReconcileRequest) {
    return this.queries.execute(new ReconcileQuery(input));
  }

  @OnRequest(Billing.ListSubscriptions)
  listSubscriptions(input: Billing.ListSubscriptionsRequest) {
    return this.queries.execute(new ListSubscriptionsQuery(input));
  }
}
