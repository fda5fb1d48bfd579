import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateSchema } from '../issuance.schemas';

export const GetCertificate = defineRequest(
  'issuance.qry.get-certificate.v1',
  z.object({ actor: ActorSchema, certificateId: z.string() }),
  CertificateSchema,
);

export type GetCertificateRequest = RequestOf<typeof GetCertificate>;
export type GetCertificateResponse = ResponseOf<typeof GetCertificate>;
