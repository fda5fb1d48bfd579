import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Billing } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { IntegrationEventRelay, MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { BILLING_STORE } from './billing.tokens';
import { SUBSCRIPTION_STREAM_PREFIX, type SubscriptionEvent } from './subscription/subscription.events';

/** Private domain events → versioned integration events (pure, so a replay publishes the same). */
export function translate(recorded: RecordedEvent) {
  if (!recorded.streamId.startsWith(SUBSCRIPTION_STREAM_PREFIX)) return [];
  const organisationId = recorded.streamId.slice(SUBSCRIPTION_STREAM_PREFIX.length);
  const event = recorded as unknown as SubscriptionEvent;
  switch (event.type) {
    case 'RenewalReminderSent': {
      const { termStart, termEnd, renewalToken } = event.data;
      return [{ contract: Billing.RenewalReminderDue, data: { organisationId, termStart, termEnd, renewalLink: renewalToken } }];
    }
    case 'SubscriptionRenewed': {
      const r = event.data;
      if (!r.automatic || !r.poDueBy) return [];
      return [
        {
          contract: Billing.SubscriptionAutoRenewed,
          data: {
            organisationId,
            termStart: r.termStart,
            termEnd: r.termEnd,
            usageClass: r.usageClass,
            invoiceNumber: r.invoiceNumber,
            amountPence: r.pricePence,
            poDueBy: r.poDueBy,
          },
        },
      ];
    }
    case 'SubscriptionSuspended':
      return [{ contract: Billing.SubscriptionSuspended, data: { organisationId, ...event.data } }];
    case 'SubscriptionReinstated':
      return [{ contract: Billing.SubscriptionReinstated, data: { organisationId, ...event.data } }];
    case 'AllowanceThresholdReached':
      return [{ contract: Billing.AllowanceThresholdReached, data: { organisationId, ...event.data } }];
    default:
      return [];
  }
}

/** Publishes from a checkpointed subscription on the billing store, never from the request path. */
@Injectable()
export class BillingRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: IntegrationEventRelay;

  constructor(
    @Inject(BILLING_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new IntegrationEventRelay({ name: 'billing', store: this.store, bus: this.bus, translate });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
