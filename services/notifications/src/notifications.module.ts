import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import type { ReadModelDbConfig } from '@platform/read-model';
import { CertificateNoticesNatsController } from './certificate-notices/certificate-notices.nats.controller';
import { ExpiryNoticesSweeper } from './certificate-notices/expiry-notices.sweeper';
import { QueueCertificateIssuedMailHandler } from './certificate-notices/queue-certificate-issued-mail.handler';
import { QueueCertificateRevokedMailHandler } from './certificate-notices/queue-certificate-revoked-mail.handler';
import { ListOutboxHandler } from './list-outbox/list-outbox.handler';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsNatsController } from './notifications.nats.controller';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_READ_MODEL, NOTIFICATIONS_STORE, type NotificationsConfig } from './notifications.tokens';
import { OutboxReadModel } from './projections/outbox.projection';
import { QueueInvitationMailHandler } from './queue-invitation-mail/queue-invitation-mail.handler';
import { IdpInvitationMailNatsController } from './queue-idp-invitation-mail/idp-invitation-mail.nats.controller';
import { QueueIdpInvitationMailHandler } from './queue-idp-invitation-mail/queue-idp-invitation-mail.handler';
import { DomainValidationMailNatsController } from './queue-domain-validation-mail/domain-validation-mail.nats.controller';
import { QueueDomainValidationMailHandler } from './queue-domain-validation-mail/queue-domain-validation-mail.handler';
import { QueueValidationExpiryMailHandler } from './queue-validation-expiry-mail/queue-validation-expiry-mail.handler';
import { ValidationExpiryMailNatsController } from './queue-validation-expiry-mail/validation-expiry-mail.nats.controller';
import { MailSender } from './send-mail/mail-sender';
import { QueueSubscriptionNoticesHandler } from './subscription-notices/queue-subscription-notices.handler';
import { SubscriptionNoticesNatsController } from './subscription-notices/subscription-notices.nats.controller';
import { QueueVettingMailHandler } from './vetting-mail/queue-vetting-mail.handler';
import { VettingMailNatsController } from './vetting-mail/vetting-mail.nats.controller';
import { WEBHOOK_PROVIDERS } from './webhooks/webhooks.providers';
import { APPROVAL_MAIL_PROVIDERS } from './approval-mail';

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
        NotificationsMetrics,
        NotificationsNatsController,
        QueueInvitationMailHandler,
        IdpInvitationMailNatsController,
        QueueIdpInvitationMailHandler,
        DomainValidationMailNatsController,
        QueueDomainValidationMailHandler,
        ValidationExpiryMailNatsController,
        QueueValidationExpiryMailHandler,
        ListOutboxHandler,
        SubscriptionNoticesNatsController,
        QueueSubscriptionNoticesHandler,
        VettingMailNatsController,
        QueueVettingMailHandler,
        CertificateNoticesNatsController,
        QueueCertificateIssuedMailHandler,
        QueueCertificateRevokedMailHandler,
        ExpiryNoticesSweeper,
        ...WEBHOOK_PROVIDERS,
        ...APPROVAL_MAIL_PROVIDERS,
      ],
    };
  }
}
