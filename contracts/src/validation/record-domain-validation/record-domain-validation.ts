import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const RecordDomainValidation = defineRequest(
  'validation.cmd.record-domain-validation.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), domain: z.string().trim().toLowerCase().min(1).max(253) }),
  z.object({ domain: z.string(), validatedAt: z.string(), validUntil: z.string() }),
);

export type RecordDomainValidationRequest = RequestOf<typeof RecordDomainValidation>;
export type RecordDomainValidationResponse = ResponseOf<typeof RecordDomainValidation>;
