import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import type { ReadModelDbConfig } from '@platform/read-model';
import { BillingMetrics } from './billing.metrics';
import { BillingNatsController } from './billing.nats.controller';
import { BillingRelay } from './billing.relay';
import { BillingTermsNatsController } from './billing-terms.nats.controller';
import { BILLING_READ_MODEL, BILLING_SCHEDULER_INTERVAL_MS, BILLING_STORE } from './billing.tokens';
import { CountIssuedCertificateHandler } from './count-issued-certificate/count-issued-certificate.handler';
import { FinanceNatsController } from './finance/finance.nats.controller';
import { ListSubscriptionsHandler, ReconcileHandler, SubscriptionAsOfHandler, UsageHistoryHandler } from './finance/finance.handlers';
import { GetSubscriptionHandler } from './get-subscription/get-subscription.handler';
import { ListInvoicesHandler } from './list-invoices/list-invoices.handler';
import { BillingReadModel } from './projections/billing.read-model';
import { SubscriptionStatesHandler } from './subscription-states/subscription-states.handler';
import { ChangeMemberFlagHandler } from './change-member-flag/change-member-flag.handler';
import { ProvidePurchaseOrderHandler } from './provide-purchase-order/provide-purchase-order.handler';
import { RefundRevokedCertificateHandler } from './refund-revoked-certificate/refund-revoked-certificate.handler';
import { ConfirmAllowanceHandler } from './confirm-allowance/confirm-allowance.handler';
import { ReleaseAllowanceHandler } from './release-allowance/release-allowance.handler';
import { GetRenewalLinkHandler } from './renew-subscription/get-renewal-link.handler';
import { RenewSubscriptionHandler } from './renew-subscription/renew-subscription.handler';
import { ReserveAllowanceHandler } from './reserve-allowance/reserve-allowance.handler';
import { BillingScheduler } from './scheduler/billing.scheduler';
import { StartSubscriptionHandler } from './start-subscription/start-subscription.handler';
import { SubscriptionHistoryHandler } from './subscription-history/subscription-history.handler';
import { SubscriptionCommands } from './subscription/subscription.commands';
import { UpgradeSubscriptionHandler } from './upgrade-subscription/upgrade-subscription.handler';

export interface BillingOptions {
  store: EventStore;
  readModel: ReadModelDbConfig;
  /** how often the scheduler looks for due work (default 30 s); the due dates come from the events */
  schedulerIntervalMs?: number;
}

/** Subscriptions, allowance, tallies, invoices and renewals. Owns the `subscription-<orgId>` streams. */
@Module({})
export class BillingModule {
  static register(options: BillingOptions): DynamicModule {
    return {
      module: BillingModule,
      imports: [MessagingModule.forFeature('billing')],
      providers: [
        { provide: BILLING_STORE, useValue: options.store },
        { provide: BILLING_READ_MODEL, useValue: options.readModel },
        { provide: BILLING_SCHEDULER_INTERVAL_MS, useValue: options.schedulerIntervalMs ?? 30_000 },
        SubscriptionCommands,
        BillingReadModel,
        BillingMetrics,
        BillingRelay,
        BillingScheduler,
        BillingNatsController,
        BillingTermsNatsController,
        StartSubscriptionHandler,
        ReserveAllowanceHandler,
        ReleaseAllowanceHandler,
        ConfirmAllowanceHandler,
        CountIssuedCertificateHandler,
        RefundRevokedCertificateHandler,
        GetSubscriptionHandler,
        SubscriptionHistoryHandler,
        UpgradeSubscriptionHandler,
        RenewSubscriptionHandler,
        GetRenewalLinkHandler,
        ProvidePurchaseOrderHandler,
        ListInvoicesHandler,
        FinanceNatsController,
        UsageHistoryHandler,
        SubscriptionAsOfHandler,
        ReconcileHandler,
        ListSubscriptionsHandler,
        SubscriptionStatesHandler,
        ChangeMemberFlagHandler,
      ],
    };
  }
}
