import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { PoNumberSchema, RenewalOutcomeSchema, UsageClassSchema } from '../billing.schemas';

/** Renews for the next term, through the reminder's link or from the subscription page. */
export const RenewSubscription = defineRequest(
  'billing.cmd.renew-subscription.v1',
  z
    .object({
      actor: ActorSchema,
      organisationId: z.string().optional(),
      /** the token of the reminder e-mail's link (it names the organisation and the term) */
      renewalLink: z.string().max(200).optional(),
      poNumber: PoNumberSchema,
      /** default: the current class */
      usageClass: UsageClassSchema.optional(),
    })
    .refine((r) => r.organisationId !== undefined || r.renewalLink !== undefined, 'organisationId or renewalLink is required'),
  RenewalOutcomeSchema,
);

export type RenewSubscriptionRequest = RequestOf<typeof RenewSubscription>;
export type RenewSubscriptionResponse = ResponseOf<typeof RenewSubscription>;
