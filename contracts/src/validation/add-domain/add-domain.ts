import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DomainNameSchema, DomainViewSchema } from '../validation.schemas';

/** An RAO adds a domain: the answer holds the random token and where to publish it. Again: a fresh token once the old one is stale. */
export const AddDomain = defineRequest(
  'validation.cmd.add-domain.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), domain: DomainNameSchema }),
  DomainViewSchema,
);

export type AddDomainRequest = RequestOf<typeof AddDomain>;
export type AddDomainResponse = ResponseOf<typeof AddDomain>;
