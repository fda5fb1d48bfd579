import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const GetCaCertificates = defineRequest(
  'issuance.qry.ca-certificates.v1',
  z.object({}),
  z.object({
    rootPem: z.string(),
    chainPem: z.string(),
    /** every issuing CA: 'tls-rsa', 'tls-ecdsa', 'smime' (the AIA caIssuers URLs name them) */
    issuers: z.array(z.object({ id: z.string(), certificatePem: z.string() })).optional(),
  }),
);

export type GetCaCertificatesRequest = RequestOf<typeof GetCaCertificates>;
export type GetCaCertificatesResponse = ResponseOf<typeof GetCaCertificates>;
