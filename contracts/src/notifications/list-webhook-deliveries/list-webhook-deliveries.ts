import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { WebhookDeliverySchema } from '../webhooks.schemas';

/** An endpoint's deliveries, newest first, each with its attempts. */
export const ListWebhookDeliveries = defineRequest(
  'notifications.qry.list-webhook-deliveries.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), webhookId: z.string(), limit: z.number().int().min(1).max(500).default(50) }),
  z.object({ items: z.array(WebhookDeliverySchema) }),
);

export type ListWebhookDeliveriesRequest = RequestOf<typeof ListWebhookDeliveries>;
export type ListWebhookDeliveriesResponse = ResponseOf<typeof ListWebhookDeliveries>;
