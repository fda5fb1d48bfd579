import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DcvMethodSchema, DomainNameSchema, DomainViewSchema } from '../validation.schemas';

/** Looks now for the token by one method (DNS TXT, DNS CNAME, HTTP file); validates the domain when found. */
export const CheckDomain = defineRequest(
  'validation.cmd.check-domain.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), domain: DomainNameSchema, method: DcvMethodSchema }),
  DomainViewSchema,
);

export type CheckDomainRequest = RequestOf<typeof CheckDomain>;
export type CheckDomainResponse = ResponseOf<typeof CheckDomain>;
