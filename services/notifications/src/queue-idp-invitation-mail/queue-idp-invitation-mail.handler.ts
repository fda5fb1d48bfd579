import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { queueMail } from '../mail/queue-mail';
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
    await queueMail(this.store, { mailId: eventId, mail: idpInvitationMail(event, this.config.publicUrl), cause: 'admin-idp-invited', causationId: eventId, at });
  }
}
