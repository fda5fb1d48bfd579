import type { Notifications } from '@platform/contracts';
import type { DeliveryRow, WebhookRow } from '../../projections/webhook-rows.entity';
import type { WebhookRegisteredData } from './webhook.events';

export const webhookView = (row: WebhookRow): Notifications.Webhook => ({
  id: row.id,
  organisationId: row.organisationId,
  url: row.url,
  eventTypes: row.eventTypes.split(',') as Notifications.WebhookEventType[],
  status: row.status === 'disabled' ? 'disabled' : 'active',
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
});

export const webhookViewOf = (w: WebhookRegisteredData, status: 'active' | 'disabled'): Notifications.Webhook => ({
  id: w.webhookId,
  organisationId: w.organisationId,
  url: w.url,
  eventTypes: w.eventTypes,
  status,
  createdAt: w.registeredAt,
  createdBy: w.registeredBy,
});

export const deliveryView = (row: DeliveryRow): Notifications.WebhookDelivery => ({
  id: row.id,
  webhookId: row.webhookId,
  organisationId: row.organisationId,
  eventType: row.eventType as Notifications.WebhookEventType,
  messageId: row.messageId,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  ...(row.nextAttemptAt ? { nextAttemptAt: row.nextAttemptAt.toISOString() } : {}),
  attempts: (JSON.parse(row.attempts) as Notifications.WebhookDelivery['attempts']).map((a) => ({
    attempt: a.attempt,
    at: a.at,
    ...(a.statusCode !== undefined && a.statusCode !== null ? { statusCode: a.statusCode } : {}),
    ...(a.error ? { error: a.error } : {}),
    durationMs: a.durationMs,
  })),
});
