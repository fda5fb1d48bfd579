import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { SubscriptionSchema } from '../billing.schemas';

export const GetSubscription = defineRequest(
  'billing.qry.get-subscription.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  SubscriptionSchema,
);

export type GetSubscriptionRequest = RequestOf<typeof GetSubscription>;
export type GetSubscriptionResponse = ResponseOf<typeof GetSubscription>;
