import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateSchema } from '../issuance.schemas';

export const RequestCertificate = defineRequest(
  'issuance.cmd.request-certificate.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), csr: z.string().max(65_536) }),
  CertificateSchema,
);

export type RequestCertificateRequest = RequestOf<typeof RequestCertificate>;
export type RequestCertificateResponse = ResponseOf<typeof RequestCertificate>;
