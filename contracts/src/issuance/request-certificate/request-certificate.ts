import { z } from 'zod';
import { ActorSchema, CertificateTypeSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateSchema } from '../issuance.schemas';

export const RequestCertificate = defineRequest(
  'issuance.cmd.request-certificate.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    csr: z.string().max(65_536),
    /** the catalogue type; it picks the profile and what validation requires (EV anchor, wildcard, ...) */
    certificateType: CertificateTypeSchema.default('ov-ssl'),
    /**
     * The department the certificate is for. Optional: a DRAO of one department defaults to it (one of
     * several must be named); absent for an RAO or MRAO means the organisation as a whole.
     */
    departmentId: z.string().optional(),
    /**
     * Idempotency key, unique within the organisation (e.g. `acme-order:<id>`): a request repeated
     * with the same key and key pair gets the certificate the first one issued, never a second one
     * nor a second count; with another key pair it is refused (REQUEST_ID_REUSED). Printable ASCII,
     * 1-255 characters: the REST `Idempotency-Key` travels here as the client wrote it.
     */
    requestId: z.string().regex(/^[\x20-\x7e]{1,255}$/).optional(),
  }),
  CertificateSchema,
);

export type RequestCertificateRequest = RequestOf<typeof RequestCertificate>;
export type RequestCertificateResponse = ResponseOf<typeof RequestCertificate>;
