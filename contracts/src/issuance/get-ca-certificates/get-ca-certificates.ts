import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const GetCaCertificates = defineRequest(
  'issuance.qry.ca-certificates.v1',
  z.object({}),
  z.object({ rootPem: z.string(), chainPem: z.string() }),
);

export type GetCaCertificatesRequest = RequestOf<typeof GetCaCertificates>;
export type GetCaCertificatesResponse = ResponseOf<typeof GetCaCertificates>;
