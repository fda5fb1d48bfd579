import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Billing } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { FanOutWebhooksCommand } from '../webhooks/fan-out/fan-out-webhooks.handler';
import { QueueSubscriptionNoticesCommand } from './queue-subscription-notices.handler';

/** Billing's subscription events → e-mails to the organisation's RAOs (and the operator team), and webhook deliveries. Translation only. */
@Injectable()
export class SubscriptionNoticesNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Billing.RenewalReminderDue)
  renewalReminderDue(data: Billing.RenewalReminderDueData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'renewal-reminder', data }, delivered.id));
  }

  @OnEvent(Billing.SubscriptionAutoRenewed)
  async autoRenewed(data: Billing.SubscriptionAutoRenewedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'auto-renewed', data }, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'subscription.auto-renewed', delivered.id, data));
  }

  @OnEvent(Billing.SubscriptionSuspended)
  async suspended(data: Billing.SubscriptionSuspendedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'suspended', data }, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'subscription.suspended', delivered.id, data));
  }

  @OnEvent(Billing.SubscriptionReinstated)
  async reinstated(data: Billing.SubscriptionReinstatedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'reinstated', data }, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'subscription.reinstated', delivered.id, data));
  }

  @OnEvent(Billing.AllowanceThresholdReached)
  async allowanceThreshold(data: Billing.AllowanceThresholdReachedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'allowance-threshold', data }, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'subscription.allowance-threshold', delivered.id, data));
  }
}
