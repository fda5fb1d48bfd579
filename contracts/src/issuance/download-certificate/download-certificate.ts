import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** pem: the certificate; chain: issuing CA + root; fullchain: all three; der: the certificate; pkcs7: all three as .p7b. */
export const DownloadFormatSchema = z.enum(['pem', 'chain', 'fullchain', 'der', 'pkcs7']);
export type DownloadFormat = z.infer<typeof DownloadFormatSchema>;

export const DownloadCertificate = defineRequest(
  'issuance.qry.download-certificate.v1',
  z.object({ actor: ActorSchema, certificateId: z.string(), format: DownloadFormatSchema.default('pem') }),
  z.object({ contentType: z.string(), filename: z.string(), /** base64 */ body: z.string() }),
);

export type DownloadCertificateRequest = RequestOf<typeof DownloadCertificate>;
export type DownloadCertificateResponse = ResponseOf<typeof DownloadCertificate>;
