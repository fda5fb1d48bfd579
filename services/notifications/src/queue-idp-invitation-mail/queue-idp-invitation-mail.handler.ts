import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, WrongExpectedRevisionError, eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { type MailEvent, mailStream } from '../mail/mail.events';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { idpInvitationMail } from './idp-invitation-mail.template';

export class QueueIdpInvitationMailCommand extends Command<void> {
  constructor(
    readonly event: Identity.AdminIdpInvitedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(QueueIdpInvitationMailCommand)
export class QueueIdpInvitationMailHandler implements ICommandHandler<QueueIdpInvitationMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueIdpInvitationMailCommand): Promise<void> {
    const at = this.clock.now();
    const queued: MailEvent = {
      type: 'MailQueued',
      data: { mailId: eventId, ...idpInvitationMail(event, this.config.publicUrl), cause: 'admin-idp-invited', queuedAt: at.toISOString() },
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
