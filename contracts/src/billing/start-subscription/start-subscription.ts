import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { PoNumberSchema, UsageClassSchema, SubscriptionSchema } from '../billing.schemas';

export const StartSubscription = defineRequest(
  'billing.cmd.start-subscription.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    usageClass: UsageClassSchema,
    /** YYYY-MM-DD; default: today */
    startsOn: z.iso.date().optional(),
    /** for the first term's invoice; without it the invoice waits for one (provide-purchase-order) */
    poNumber: PoNumberSchema.optional(),
  }),
  SubscriptionSchema,
);

export type StartSubscriptionRequest = RequestOf<typeof StartSubscription>;
export type StartSubscriptionResponse = ResponseOf<typeof StartSubscription>;
