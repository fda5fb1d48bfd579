import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { queueMail } from '../mail/queue-mail';
import { invitationMail } from '../mail/templates';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';

export class QueueInvitationMailCommand extends Command<void> {
  constructor(
    readonly event: Identity.AdminInvitedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(QueueInvitationMailCommand)
export class QueueInvitationMailHandler implements ICommandHandler<QueueInvitationMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueInvitationMailCommand): Promise<void> {
    const at = this.clock.now();
    await queueMail(this.store, { mailId: eventId, mail: invitationMail(event, this.config.publicUrl), cause: 'admin-invited', causationId: eventId, at });
  }
}
