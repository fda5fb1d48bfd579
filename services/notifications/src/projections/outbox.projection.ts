import type { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import type { OutboxMessage } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { type Projection, ReadModelHost, type ReadModelDbConfig } from '@platform/read-model';
import type { MailEvent } from '../mail/mail.events';
import { NOTIFICATIONS_READ_MODEL, NOTIFICATIONS_STORE } from '../notifications.tokens';
import { CertificateExpiryRowSchema } from './certificate-expiry-row.entity';
import { certificateExpiryProjection } from './certificate-expiry.projection';
import { OutboxRowSchema } from './outbox-row.entity';
import { type DeliveryRow, DeliveryRowSchema, type WebhookRow, WebhookRowSchema } from './webhook-rows.entity';
import { webhooksProjection } from './webhooks.projection';

export const outboxProjection: Projection = {
  name: 'outbox',
  entities: [OutboxRowSchema],
  handles: (type) => type === 'MailQueued' || type === 'MailSent' || type === 'MailFailed',
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as MailEvent;
    if (event.type === 'MailQueued') {
      const { mailId, to, subject, text, cause, queuedAt } = event.data;
      em.create(OutboxRowSchema, { id: mailId, to, subject, text, cause, status: 'queued', queuedAt: new Date(queuedAt) });
    } else {
      const row = await em.findOneOrFail(OutboxRowSchema, { id: event.data.mailId });
      row.status = event.type === 'MailSent' ? 'sent' : 'failed';
    }
  },
};

/** Every projection of notifications, in the order its host runs them (the ops command lists and verifies these). */
export const NOTIFICATIONS_PROJECTIONS: readonly Projection[] = [outboxProjection, certificateExpiryProjection, webhooksProjection];

/**
 * Every message the platform has queued, for operators (and tests) to read. It hosts every projection
 * of notifications: one read-model database (one SQLite connection) per process.
 */
@Injectable()
export class OutboxReadModel extends ReadModelHost {
  constructor(@Inject(NOTIFICATIONS_STORE) store: EventStore, @Inject(NOTIFICATIONS_READ_MODEL) config: ReadModelDbConfig) {
    super(store, config, [...NOTIFICATIONS_PROJECTIONS]);
  }

  /** The organisation's endpoints that are not deleted, oldest first. */
  async webhooks(organisationId: string): Promise<WebhookRow[]> {
    await this.caughtUp({ projections: ['webhooks'] });
    return this.orm.em.fork().find(WebhookRowSchema, { organisationId, status: { $ne: 'deleted' } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** An endpoint's deliveries, newest first. */
  async deliveries(webhookId: string, limit: number): Promise<DeliveryRow[]> {
    await this.caughtUp({ projections: ['webhooks'] });
    return this.orm.em.fork().find(DeliveryRowSchema, { webhookId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit });
  }

  async delivery(deliveryId: string): Promise<DeliveryRow | null> {
    await this.caughtUp({ projections: ['webhooks'] });
    return this.orm.em.fork().findOne(DeliveryRowSchema, { id: deliveryId });
  }

  /** Deliveries whose next attempt is due at `now`, the longest due first. */
  async deliveriesDue(now: Date, limit: number): Promise<{ id: string }[]> {
    const rows = await this.orm.em.fork().find(DeliveryRowSchema, { status: 'pending', nextAttemptAt: { $lte: now } }, { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit });
    return rows.map((r) => ({ id: r.id }));
  }

  /** Watched certificates whose next expiry notice is due at `now` (and that have not expired), oldest due first. */
  async expiryNoticesDue(now: Date, limit: number): Promise<{ certificateId: string }[]> {
    const rows = await this.orm.em.fork().find(
      CertificateExpiryRowSchema,
      { nextNoticeAt: { $lte: now }, notAfter: { $gt: now } },
      { orderBy: { nextNoticeAt: 'asc', certificateId: 'asc' }, limit },
    );
    return rows.map((r) => ({ certificateId: r.certificateId }));
  }

  /** Mails queued and neither sent nor failed for good: one count, no wait (a scrape never holds up). */
  outboxDepth(): Promise<number> {
    return this.orm.em.fork().count(OutboxRowSchema, { status: 'queued' });
  }

  async list(filter: { to?: string; limit: number }): Promise<OutboxMessage[]> {
    // Read-after-write: a mail queued before the question is in the answer.
    await this.caughtUp({ projections: ['outbox'] });
    const rows = await this.orm.em.fork().find(
      OutboxRowSchema,
      filter.to ? { to: filter.to.toLowerCase() } : {},
      { orderBy: { queuedAt: 'desc', id: 'asc' }, limit: filter.limit },
    );
    return rows.map((r) => ({
      id: r.id,
      to: r.to,
      subject: r.subject,
      text: r.text,
      cause: r.cause,
      status: r.status,
      queuedAt: r.queuedAt.toISOString(),
    }));
  }
}
