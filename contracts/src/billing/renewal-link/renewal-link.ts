import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { RenewalOutcomeSchema, UsageClassSchema } from '../billing.schemas';

/** What the reminder's link shows: the term it renews, and who renewed it when that happened already. */
export const GetRenewalLink = defineRequest(
  'billing.qry.renewal-link.v1',
  z.object({ actor: ActorSchema, renewalLink: z.string().max(200) }),
  z.object({
    organisationId: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
    usageClass: UsageClassSchema,
    status: z.enum(['open', 'renewed']),
    renewal: RenewalOutcomeSchema.optional(),
  }),
);

export type GetRenewalLinkRequest = RequestOf<typeof GetRenewalLink>;
export type GetRenewalLinkResponse = ResponseOf<typeof GetRenewalLink>;
