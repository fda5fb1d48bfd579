import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { WebhookDeliverySchema } from '../webhooks.schemas';

/** Sends a finished delivery again (same message id and body), now, with the retry schedule anew. */
export const ReplayWebhookDelivery = defineRequest(
  'notifications.cmd.replay-webhook-delivery.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), webhookId: z.string(), deliveryId: z.string() }),
  WebhookDeliverySchema,
);

export type ReplayWebhookDeliveryRequest = RequestOf<typeof ReplayWebhookDelivery>;
export type ReplayWebhookDeliveryResponse = ResponseOf<typeof ReplayWebhookDelivery>;
