import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { queueMail } from '../mail/queue-mail';
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
    await queueMail(this.store, { mailId: eventId, mail: domainValidationMail(event, this.config.publicUrl), cause: 'domain-validation-email', causationId: eventId, at });
  }
}
