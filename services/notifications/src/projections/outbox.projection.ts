import type { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import type { OutboxMessage } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { type Projection, ReadModelHost, type ReadModelDbConfig } from '@platform/read-model';
import type { MailEvent } from '../mail/mail.events';
import { NOTIFICATIONS_READ_MODEL, NOTIFICATIONS_STORE } from '../notifications.tokens';
import { OutboxRowSchema } from './outbox-row.entity';

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

/** Every message the platform has queued, for operators (and tests) to read. */
@Injectable()
export class OutboxReadModel extends ReadModelHost {
  constructor(@Inject(NOTIFICATIONS_STORE) store: EventStore, @Inject(NOTIFICATIONS_READ_MODEL) config: ReadModelDbConfig) {
    super(store, config, [outboxProjection]);
  }

  async list(filter: { to?: string; limit: number }): Promise<OutboxMessage[]> {
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
