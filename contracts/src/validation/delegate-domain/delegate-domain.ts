import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DomainNameSchema, DomainViewSchema } from '../validation.schemas';

/** An RAO lets one or more departments (ids from identity) request names under a validated domain. */
export const DelegateDomain = defineRequest(
  'validation.cmd.delegate-domain.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    domain: DomainNameSchema,
    departmentIds: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
  }),
  DomainViewSchema,
);

export type DelegateDomainRequest = RequestOf<typeof DelegateDomain>;
export type DelegateDomainResponse = ResponseOf<typeof DelegateDomain>;
