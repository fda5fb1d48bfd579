import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { WebhookEventTypeSchema, WebhookSchema } from '../webhooks.schemas';

/** An RAO registers an HTTPS endpoint of its organisation; the signing secret is in this answer only. */
export const RegisterWebhook = defineRequest(
  'notifications.cmd.register-webhook.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    url: z.string().max(2000),
    eventTypes: z.array(WebhookEventTypeSchema).min(1).max(20),
  }),
  WebhookSchema.extend({ secret: z.string() }),
);

export type RegisterWebhookRequest = RequestOf<typeof RegisterWebhook>;
export type RegisterWebhookResponse = ResponseOf<typeof RegisterWebhook>;
