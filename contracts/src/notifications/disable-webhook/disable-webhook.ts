import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { WebhookSchema } from '../webhooks.schemas';

/** No more deliveries to the endpoint (pending retries are cancelled); it stays listed with its deliveries. */
export const DisableWebhook = defineRequest(
  'notifications.cmd.disable-webhook.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), webhookId: z.string() }),
  WebhookSchema,
);

export type DisableWebhookRequest = RequestOf<typeof DisableWebhook>;
export type DisableWebhookResponse = ResponseOf<typeof DisableWebhook>;
