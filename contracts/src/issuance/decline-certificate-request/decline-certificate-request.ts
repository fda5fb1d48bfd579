import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateRequestViewSchema } from '../certificate-request.schemas';

/** Declines a held request with a reason (the approver needs `approve-ssl` in its scope). Nothing was reserved or counted. */
export const DeclineCertificateRequest = defineRequest(
  'issuance.cmd.decline-certificate-request.v1',
  z.object({ actor: ActorSchema, requestId: z.string(), reason: z.string().min(1).max(1000) }),
  CertificateRequestViewSchema,
);

export type DeclineCertificateRequestRequest = RequestOf<typeof DeclineCertificateRequest>;
export type DeclineCertificateRequestResponse = ResponseOf<typeof DeclineCertificateRequest>;
