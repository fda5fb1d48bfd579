import { EntitySchema } from '@mikro-orm/core';

export interface WebhookRow {
  id: string;
  organisationId: string;
  url: string;
  /** comma-separated event types */
  eventTypes: string;
  status: 'active' | 'disabled' | 'deleted';
  createdAt: Date;
  createdBy: string;
}

export const WebhookRowSchema = new EntitySchema<WebhookRow>({
  name: 'WebhookRow',
  tableName: 'webhooks',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string', index: true },
    url: { type: 'text' },
    eventTypes: { type: 'text' },
    status: { type: 'string' },
    createdAt: { type: 'datetime' },
    createdBy: { type: 'string' },
  },
});

export interface DeliveryRow {
  id: string;
  webhookId: string;
  organisationId: string;
  eventType: string;
  messageId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  createdAt: Date;
  /** pending only: when the dispatcher attempts it next */
  nextAttemptAt: Date | null;
  /** the attempts as JSON (WebhookAttempt[]) */
  attempts: string;
}

export const DeliveryRowSchema = new EntitySchema<DeliveryRow>({
  name: 'DeliveryRow',
  tableName: 'webhook_deliveries',
  properties: {
    id: { type: 'string', primary: true },
    webhookId: { type: 'string', index: true },
    organisationId: { type: 'string' },
    eventType: { type: 'string' },
    messageId: { type: 'string' },
    status: { type: 'string' },
    createdAt: { type: 'datetime', index: true },
    nextAttemptAt: { type: 'datetime', nullable: true, index: true },
    attempts: { type: 'text' },
  },
});
