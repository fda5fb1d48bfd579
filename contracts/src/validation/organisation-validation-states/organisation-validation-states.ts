import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationValidationViewSchema } from '../validation.schemas';

/** Between services only (identity's organisation listing): each named organisation's OV state now. */
export const OrganisationValidationStates = defineRequest(
  'validation.qry.organisation-validation-states.v1',
  z.object({ organisationIds: z.array(z.string()).max(100_000) }),
  z.object({ items: z.array(z.object({ organisationId: z.string(), status: OrganisationValidationViewSchema.shape.status })) }),
);

export type OrganisationValidationStatesRequest = RequestOf<typeof OrganisationValidationStates>;
export type OrganisationValidationStatesResponse = ResponseOf<typeof OrganisationValidationStates>;
