import { z } from 'zod';
import { ActorSchema, CertificateTypeSchema, RequestMethodSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateRequestViewSchema } from '../certificate-request.schemas';
import { CertificateSchema } from '../issuance.schemas';

const RequestCertificateInput = z.object({
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
  /**
   * How it was requested. ACME requests are never held for approval; manual (and enrollment)
   * requests follow the organisation's approval policy.
   */
  method: RequestMethodSchema.default('manual'),
});

/**
 * v1 answers with the certificate. A request that the approval policy holds cannot be answered so:
 * v1 refuses it with 409 REQUEST_AWAITING_APPROVAL (details.requestId names the held request). ACME
 * (method `acme`, never held) uses v1; the REST edge uses v2.
 */
export const RequestCertificate = defineRequest('issuance.cmd.request-certificate.v1', RequestCertificateInput, CertificateSchema);

export type RequestCertificateRequest = RequestOf<typeof RequestCertificate>;
export type RequestCertificateResponse = ResponseOf<typeof RequestCertificate>;

/** What became of a request: the certificate, or the request held for an approver (nothing reserved or counted yet). */
export const RequestCertificateOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('issued'), certificate: CertificateSchema }),
  z.object({ outcome: z.literal('held'), request: CertificateRequestViewSchema }),
]);

/** v2: the same request; the answer is the certificate or the held request. */
export const RequestCertificateV2 = defineRequest('issuance.cmd.request-certificate.v2', RequestCertificateInput, RequestCertificateOutcomeSchema);

export type RequestCertificateV2Response = ResponseOf<typeof RequestCertificateV2>;
