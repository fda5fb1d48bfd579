import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { WebhookSchema } from '../webhooks.schemas';

/** The organisation's endpoints, deleted ones left out; never their secrets. */
export const ListWebhooks = defineRequest(
  'notifications.qry.list-webhooks.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  z.object({ items: z.array(WebhookSchema) }),
);

export type ListWebhooksRequest = RequestOf<typeof ListWebhooks>;
export type ListWebhooksResponse = ResponseOf<typeof ListWebhooks>;
