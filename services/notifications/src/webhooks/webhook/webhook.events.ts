import type { Notifications } from '@platform/contracts';

export interface WebhookRegisteredData {
  webhookId: string;
  organisationId: string;
  url: string;
  eventTypes: Notifications.WebhookEventType[];
  /** the signing secret, encrypted with the notifications secret (AES-256-GCM): never stored in clear */
  secretSealed: string;
  registeredBy: string;
  registeredAt: string;
}

/** Domain events of one endpoint (stream `webhook-<webhookId>`). */
export type WebhookEvent =
  | { type: 'WebhookRegistered'; data: WebhookRegisteredData }
  | { type: 'WebhookDisabled'; data: { webhookId: string; disabledBy: string; disabledAt: string } }
  | { type: 'WebhookDeleted'; data: { webhookId: string; deletedBy: string; deletedAt: string } };

export const WEBHOOK_STREAM_PREFIX = 'webhook-';
export const webhookStream = (webhookId: string): string => `${WEBHOOK_STREAM_PREFIX}${webhookId}`;
