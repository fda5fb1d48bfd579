import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Billing } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueSubscriptionNoticesCommand } from './queue-subscription-notices.handler';

/** Billing's subscription events → e-mails to the organisation's RAOs (and the operator team). Translation only. */
@Injectable()
export class SubscriptionNoticesNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Billing.RenewalReminderDue)
  renewalReminderDue(data: Billing.RenewalReminderDueData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'renewal-reminder', data }, delivered.id));
  }

  @OnEvent(Billing.SubscriptionAutoRenewed)
  autoRenewed(data: Billing.SubscriptionAutoRenewedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'auto-renewed', data }, delivered.id));
  }

  @OnEvent(Billing.SubscriptionSuspended)
  suspended(data: Billing.SubscriptionSuspendedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'suspended', data }, delivered.id));
  }

  @OnEvent(Billing.SubscriptionReinstated)
  reinstated(data: Billing.SubscriptionReinstatedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'reinstated', data }, delivered.id));
  }

  @OnEvent(Billing.AllowanceThresholdReached)
  allowanceThreshold(data: Billing.AllowanceThresholdReachedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueSubscriptionNoticesCommand({ kind: 'allowance-threshold', data }, delivered.id));
  }
}
