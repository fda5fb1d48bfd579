import { z } from 'zod';

/** What an endpoint can be told of; the `type` of each delivered payload. */
export const WebhookEventTypeSchema = z.enum([
  'certificate.issued',
  'certificate.revoked',
  'certificate.expiring',
  'subscription.allowance-threshold',
  'subscription.auto-renewed',
  'subscription.suspended',
  'subscription.reinstated',
]);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const WebhookSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  url: z.string(),
  eventTypes: z.array(WebhookEventTypeSchema),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const WebhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  /** the HTTP status the endpoint answered; absent when it did not answer */
  statusCode: z.number().int().optional(),
  /** why the attempt failed, when it did */
  error: z.string().optional(),
  durationMs: z.number().int(),
});

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  organisationId: z.string(),
  eventType: WebhookEventTypeSchema,
  /** the `webhook-id` header: the same for every attempt and replay, for the receiver to deduplicate */
  messageId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
  createdAt: z.string(),
  nextAttemptAt: z.string().optional(),
  attempts: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
