import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Validation } from '@platform/contracts';
import { type EventStore, WrongExpectedRevisionError, eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type MailEvent, mailStream } from '../mail/mail.events';
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
      const queued: MailEvent = {
        type: 'MailQueued',
        data: { mailId, ...validationExpiryMail(event, rao.email, rao.name, this.config.publicUrl), cause: 'validation-expiring', queuedAt: at.toISOString() },
      };
      try {
        await this.store.appendToStream(
          mailStream(mailId),
          [{ ...queued, metadata: eventMetadata({ at, actor: 'system:notifications', causationId: eventId, correlationId: eventId }) }],
          'no_stream',
        );
      } catch (error) {
        // Delivered again: this RAO's mail is queued already.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
  }
}
