import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateSchema } from '../issuance.schemas';

/**
 * Approves a held request (the approver needs `approve-ssl` in its scope; their own request only
 * under the auto-approve setting), then issues it as any request: names checked again, a unit
 * reserved, confirmed, signed. Answers with the certificate.
 */
export const ApproveCertificateRequest = defineRequest(
  'issuance.cmd.approve-certificate-request.v1',
  z.object({ actor: ActorSchema, requestId: z.string() }),
  CertificateSchema,
);

export type ApproveCertificateRequestRequest = RequestOf<typeof ApproveCertificateRequest>;
export type ApproveCertificateRequestResponse = ResponseOf<typeof ApproveCertificateRequest>;
