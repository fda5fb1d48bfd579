import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Billing } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { ListInvoicesQuery } from './list-invoices/list-invoices.handler';
import { ProvidePurchaseOrderCommand } from './provide-purchase-order/provide-purchase-order.handler';
import { GetRenewalLinkQuery } from './renew-subscription/get-renewal-link.handler';
import { RenewSubscriptionCommand } from './renew-subscription/renew-subscription.handler';
import { UpgradeSubscriptionCommand } from './upgrade-subscription/upgrade-subscription.handler';

/** Upgrades, renewals, purchase orders and invoices: translation only. */
@Injectable()
export class BillingTermsNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Billing.UpgradeSubscription)
  upgrade(input: Billing.UpgradeSubscriptionRequest, headers: MessageHeaders) {
    return this.commands.execute(new UpgradeSubscriptionCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.RenewSubscription)
  renew(input: Billing.RenewSubscriptionRequest, headers: MessageHeaders) {
    return this.commands.execute(new RenewSubscriptionCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.GetRenewalLink)
  renewalLink(input: Billing.GetRenewalLinkRequest) {
    return this.queries.execute(new GetRenewalLinkQuery(input));
  }

  @OnRequest(Billing.ProvidePurchaseOrder)
  purchaseOrder(input: Billing.ProvidePurchaseOrderRequest, headers: MessageHeaders) {
    return this.commands.execute(new ProvidePurchaseOrderCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.ListInvoices)
  invoices(input: Billing.ListInvoicesRequest) {
    return this.queries.execute(new ListInvoicesQuery(input));
  }
}
