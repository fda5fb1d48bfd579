import type { Notifications } from '@platform/contracts';

export interface DeliveryCreatedData {
  deliveryId: string;
  webhookId: string;
  organisationId: string;
  eventType: Notifications.WebhookEventType;
  /** the `webhook-id` header, the same for every attempt and replay */
  messageId: string;
  /** the JSON payload exactly as signed and sent */
  body: string;
  createdAt: string;
}

export interface AttemptData {
  deliveryId: string;
  /** counted over the delivery's life, replays included */
  attempt: number;
  at: string;
  statusCode?: number;
  error?: string;
  durationMs: number;
  outcome: 'succeeded' | 'retrying' | 'failed';
  nextAttemptAt?: string;
}

/** Domain events of one delivery of one event to one endpoint (stream `webhook-delivery-<deliveryId>`). */
export type DeliveryEvent =
  | { type: 'WebhookDeliveryCreated'; data: DeliveryCreatedData }
  | { type: 'WebhookDeliveryAttempted'; data: AttemptData }
  | { type: 'WebhookDeliveryReplayed'; data: { deliveryId: string; replayedBy: string; replayedAt: string } }
  | { type: 'WebhookDeliveryCancelled'; data: { deliveryId: string; reason: string; cancelledAt: string } };

export const DELIVERY_STREAM_PREFIX = 'webhook-delivery-';
export const deliveryStream = (deliveryId: string): string => `${DELIVERY_STREAM_PREFIX}${deliveryId}`;
