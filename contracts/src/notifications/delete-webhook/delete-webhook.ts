import { z } from 'zod';
import { ActorSchema, OkSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** The endpoint is gone: no deliveries, not listed (its events stay in the store for audit). */
export const DeleteWebhook = defineRequest(
  'notifications.cmd.delete-webhook.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), webhookId: z.string() }),
  OkSchema,
);

export type DeleteWebhookRequest = RequestOf<typeof DeleteWebhook>;
export type DeleteWebhookResponse = ResponseOf<typeof DeleteWebhook>;
