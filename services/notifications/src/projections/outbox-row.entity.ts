import { EntitySchema } from '@mikro-orm/core';

export interface OutboxRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  cause: string;
  status: 'queued' | 'sent' | 'failed';
  queuedAt: Date;
}

export const OutboxRowSchema = new EntitySchema<OutboxRow>({
  name: 'OutboxRow',
  tableName: 'outbox',
  properties: {
    id: { type: 'string', primary: true },
    to: { type: 'string', index: true },
    subject: { type: 'string' },
    text: { type: 'text' },
    cause: { type: 'string' },
    status: { type: 'string' },
    queuedAt: { type: 'datetime', index: true },
  },
});
