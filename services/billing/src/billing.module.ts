import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import { BILLING_STORE } from './billing.tokens';
import { BillingNatsController } from './billing.nats.controller';
import { CountIssuedCertificateHandler } from './count-issued-certificate/count-issued-certificate.handler';
import { GetSubscriptionHandler } from './get-subscription/get-subscription.handler';
import { RefundRevokedCertificateHandler } from './refund-revoked-certificate/refund-revoked-certificate.handler';
import { ReleaseAllowanceHandler } from './release-allowance/release-allowance.handler';
import { ReserveAllowanceHandler } from './reserve-allowance/reserve-allowance.handler';
import { StartSubscriptionHandler } from './start-subscription/start-subscription.handler';
import { SubscriptionHistoryHandler } from './subscription-history/subscription-history.handler';

export interface BillingOptions {
  store: EventStore;
}

/** Subscriptions, allowance and tallies. Owns the `subscription-<orgId>` streams. */
@Module({})
export class BillingModule {
  static register(options: BillingOptions): DynamicModule {
    return {
      module: BillingModule,
      imports: [MessagingModule.forFeature('billing')],
      providers: [
        { provide: BILLING_STORE, useValue: options.store },
        BillingNatsController,
        StartSubscriptionHandler,
        ReserveAllowanceHandler,
        ReleaseAllowanceHandler,
        CountIssuedCertificateHandler,
        RefundRevokedCertificateHandler,
        GetSubscriptionHandler,
        SubscriptionHistoryHandler,
      ],
    };
  }
}
