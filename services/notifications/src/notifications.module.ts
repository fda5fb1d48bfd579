import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import type { ReadModelDbConfig } from '@platform/read-model';
import { ListOutboxHandler } from './list-outbox/list-outbox.handler';
import { NotificationsNatsController } from './notifications.nats.controller';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_READ_MODEL, NOTIFICATIONS_STORE, type NotificationsConfig } from './notifications.tokens';
import { OutboxReadModel } from './projections/outbox.projection';
import { QueueInvitationMailHandler } from './queue-invitation-mail/queue-invitation-mail.handler';
import { MailSender } from './send-mail/mail-sender';

export interface NotificationsOptions {
  store: EventStore;
  readModel: ReadModelDbConfig;
  config: NotificationsConfig;
}

/** E-mail: every message is recorded in the outbox, and sent through SMTP when configured. */
@Module({})
export class NotificationsModule {
  static register(options: NotificationsOptions): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [MessagingModule.forFeature('notifications')],
      providers: [
        { provide: NOTIFICATIONS_STORE, useValue: options.store },
        { provide: NOTIFICATIONS_READ_MODEL, useValue: options.readModel },
        { provide: NOTIFICATIONS_CONFIG, useValue: options.config },
        OutboxReadModel,
        MailSender,
        NotificationsNatsController,
        QueueInvitationMailHandler,
        ListOutboxHandler,
      ],
    };
  }
}
