import { z } from 'zod';
import { ActorSchema, OkSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const RecordOrganisationValidation = defineRequest(
  'validation.cmd.record-organisation-validation.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  OkSchema,
);

export type RecordOrganisationValidationRequest = RequestOf<typeof RecordOrganisationValidation>;
export type RecordOrganisationValidationResponse = ResponseOf<typeof RecordOrganisationValidation>;
