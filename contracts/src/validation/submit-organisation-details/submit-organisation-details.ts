import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationDetailsSchema, OrganisationValidationViewSchema } from '../validation.schemas';

/** An RAO (or MRAO) submits the organisation's details for vetting; a new submission replaces a pending one. */
export const SubmitOrganisationDetails = defineRequest(
  'validation.cmd.submit-organisation-details.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), details: OrganisationDetailsSchema }),
  OrganisationValidationViewSchema,
);

export type SubmitOrganisationDetailsRequest = RequestOf<typeof SubmitOrganisationDetails>;
export type SubmitOrganisationDetailsResponse = ResponseOf<typeof SubmitOrganisationDetails>;
