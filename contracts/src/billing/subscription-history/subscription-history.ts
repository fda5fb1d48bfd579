import { z } from 'zod';
import { ActorSchema, HistoryEntrySchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const SubscriptionHistory = defineRequest(
  'billing.qry.subscription-history.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  z.array(HistoryEntrySchema),
);

export type SubscriptionHistoryRequest = RequestOf<typeof SubscriptionHistory>;
export type SubscriptionHistoryResponse = ResponseOf<typeof SubscriptionHistory>;
