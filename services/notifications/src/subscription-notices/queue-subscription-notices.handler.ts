import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Billing, Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import type { Mail } from '../mail/templates';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { type Recipient, allowanceThresholdMail, autoRenewedMail, reinstatedMail, renewalReminderMail, suspendedMail } from './subscription-notices.templates';

export type SubscriptionNotice =
  | { kind: 'renewal-reminder'; data: Billing.RenewalReminderDueData }
  | { kind: 'auto-renewed'; data: Billing.SubscriptionAutoRenewedData }
  | { kind: 'suspended'; data: Billing.SubscriptionSuspendedData }
  | { kind: 'reinstated'; data: Billing.SubscriptionReinstatedData }
  | { kind: 'allowance-threshold'; data: Billing.AllowanceThresholdReachedData };

/** One billing event → one mail per recipient, each in `mail-<eventId>-<adminId>`, so a redelivery queues nothing twice. */
export class QueueSubscriptionNoticesCommand extends Command<void> {
  constructor(
    readonly notice: SubscriptionNotice,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(QueueSubscriptionNoticesCommand)
export class QueueSubscriptionNoticesHandler implements ICommandHandler<QueueSubscriptionNoticesCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ notice, eventId }: QueueSubscriptionNoticesCommand): Promise<void> {
    const { organisationId } = notice.data;
    const headers = { headers: { correlationId: eventId } };
    const [{ raos, mraos }, organisation] = await Promise.all([
      sendRequest(this.bus, Identity.OrganisationAdmins, { organisationId }, headers),
      sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers),
    ]);
    const mails: { adminId: string; mail: Mail }[] = [];
    const each = (list: (Recipient & { adminId: string })[], build: (r: Recipient) => Mail) =>
      list.forEach((r) => mails.push({ adminId: r.adminId, mail: build(r) }));
    switch (notice.kind) {
      case 'renewal-reminder':
        each(raos, (r) => renewalReminderMail(r, organisation.name, notice.data, this.config.publicUrl));
        break;
      case 'auto-renewed':
        each(raos, (r) => autoRenewedMail(r, organisation.name, notice.data, false));
        each(mraos, (r) => autoRenewedMail(r, organisation.name, notice.data, true));
        break;
      case 'suspended':
        each([...raos, ...mraos], (r) => suspendedMail(r, organisation.name, notice.data));
        break;
      case 'reinstated':
        each([...raos, ...mraos], (r) => reinstatedMail(r, organisation.name, notice.data));
        break;
      case 'allowance-threshold':
        each(raos, (r) => allowanceThresholdMail(r, organisation.name, notice.data, this.config.publicUrl));
        break;
    }
    const at = this.clock.now();
    for (const { adminId, mail } of mails)
      await queueMail(this.store, { mailId: `${eventId}-${adminId}`, mail, cause: `subscription-${notice.kind}`, causationId: eventId, at });
  }
}
