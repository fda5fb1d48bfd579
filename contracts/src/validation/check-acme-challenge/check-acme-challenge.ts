import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Sent by the acme service when a client answers an http-01 or dns-01 challenge (RFC 8555 §8.3,
 * §8.4): validation looks with its own resolver and HTTP client and, when the answer is there,
 * records control of the name for the organisation (as an HTTP file or DNS TXT validation) so
 * that the issuance's name check and the portal both see it.
 */
export const CheckAcmeChallenge = defineRequest(
  'validation.cmd.check-acme-challenge.v1',
  z.object({
    organisationId: z.string(),
    /** `acme-account:<id>`, for the audit trail */
    requestedBy: z.string(),
    /** the name without "*." */
    name: z.string(),
    type: z.enum(['http-01', 'dns-01']),
    token: z.string(),
    keyAuthorization: z.string(),
  }),
  z.object({ valid: z.boolean(), detail: z.string() }),
);

export type CheckAcmeChallengeRequest = RequestOf<typeof CheckAcmeChallenge>;
export type CheckAcmeChallengeResponse = ResponseOf<typeof CheckAcmeChallenge>;
