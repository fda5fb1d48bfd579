import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { validationExpiryMail } from './validation-expiry-mail.template';

export class QueueValidationExpiryMailCommand extends Command<void> {
  constructor(
    readonly event: Validation.ValidationExpiringData,
    readonly eventId: string,
  ) {
    super();
  }
}

/** One mail per active RAO of the organisation; the mail id joins the event id and the admin id, so a redelivery queues nothing twice. */
@CommandHandler(QueueValidationExpiryMailCommand)
export class QueueValidationExpiryMailHandler implements ICommandHandler<QueueValidationExpiryMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueValidationExpiryMailCommand): Promise<void> {
    const { raos } = await sendRequest(this.bus, Identity.OrganisationAdmins, { organisationId: event.organisationId }, { headers: { correlationId: eventId } });
    const at = this.clock.now();
    for (const rao of raos) {
      const mailId = `${eventId}-${rao.adminId}`;
      await queueMail(this.store, { mailId, mail: validationExpiryMail(event, rao.email, rao.name, this.config.publicUrl), cause: 'validation-expiring', causationId: eventId, at });
    }
  }
}
