import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { RevocationReasonSchema, CertificateSchema } from '../issuance.schemas';

export const RevokeCertificate = defineRequest(
  'issuance.cmd.revoke-certificate.v1',
  z.object({ actor: ActorSchema, certificateId: z.string(), reason: RevocationReasonSchema.default('unspecified') }),
  CertificateSchema,
);

export type RevokeCertificateRequest = RequestOf<typeof RevokeCertificate>;
export type RevokeCertificateResponse = ResponseOf<typeof RevokeCertificate>;
