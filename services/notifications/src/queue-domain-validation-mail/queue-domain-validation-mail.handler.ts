import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { type EventStore, WrongExpectedRevisionError, eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { type MailEvent, mailStream } from '../mail/mail.events';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { domainValidationMail } from './domain-validation-mail.template';

export class QueueDomainValidationMailCommand extends Command<void> {
  constructor(
    readonly event: Validation.DomainValidationEmailRequestedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(QueueDomainValidationMailCommand)
export class QueueDomainValidationMailHandler implements ICommandHandler<QueueDomainValidationMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueDomainValidationMailCommand): Promise<void> {
    const at = this.clock.now();
    const queued: MailEvent = {
      type: 'MailQueued',
      data: { mailId: eventId, ...domainValidationMail(event, this.config.publicUrl), cause: 'domain-validation-email', queuedAt: at.toISOString() },
    };
    try {
      await this.store.appendToStream(
        mailStream(eventId),
        [{ ...queued, metadata: eventMetadata({ at, actor: 'system:notifications', causationId: eventId, correlationId: eventId }) }],
        'no_stream',
      );
    } catch (error) {
      // Delivered again: the mail is queued already.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
