import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationValidationViewSchema } from '../validation.schemas';

/** The organisation's vetting, EV anchor and domains, as its admins see them. */
export const GetValidation = defineRequest(
  'validation.qry.get-validation.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  OrganisationValidationViewSchema,
);

export type GetValidationRequest = RequestOf<typeof GetValidation>;
export type GetValidationResponse = ResponseOf<typeof GetValidation>;
