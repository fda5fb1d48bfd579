import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationValidationViewSchema } from '../validation.schemas';

/** An MRAO approves the pending details (OV starts) or rejects them with a reason. */
export const ReviewOrganisationDetails = defineRequest(
  'validation.cmd.review-organisation-details.v1',
  z.discriminatedUnion('decision', [
    z.object({ actor: ActorSchema, organisationId: z.string(), decision: z.literal('approve') }),
    z.object({ actor: ActorSchema, organisationId: z.string(), decision: z.literal('reject'), reason: z.string().trim().min(1).max(1000) }),
  ]),
  OrganisationValidationViewSchema,
);

export type ReviewOrganisationDetailsRequest = RequestOf<typeof ReviewOrganisationDetails>;
export type ReviewOrganisationDetailsResponse = ResponseOf<typeof ReviewOrganisationDetails>;
