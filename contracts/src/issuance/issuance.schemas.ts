import { z } from 'zod';
import { CertificateTypeSchema, RequestMethodSchema } from '../lib/common';

export const CertificateStatusSchema = z.enum(['issued', 'revoked']);

/**
 * RFC 5280 reason codes the Baseline Requirements allow for subscriber certificates (BR 7.2.2):
 * the subscriber's five, and privilegeWithdrawn, which only the operator (MRAO) may choose.
 */
export const RevocationReasonSchema = z.enum([
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
]);

export const CertificateSummarySchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  status: CertificateStatusSchema,
  commonName: z.string(),
  names: z.array(z.string()),
  serialNumber: z.string(),
  keyAlgorithm: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  requestedBy: z.string(),
  issuedAt: z.string(),
  revokedAt: z.string().optional(),
  revocationReason: RevocationReasonSchema.optional(),
  /** absent on certificates issued before types existed: those are 'ov-ssl' */
  certificateType: CertificateTypeSchema.optional(),
  /** the issuing CA that signed it ('tls-rsa', 'tls-ecdsa', 'smime') */
  issuerId: z.string().optional(),
  /** the department it was requested for; absent: the organisation as a whole */
  departmentId: z.string().optional(),
  /** the CA profile its type is signed with ('tls-ov', 'tls-ev', 'smime-mailbox', ...); in listings */
  profile: z.string().optional(),
  /** the key as a filter names it ('rsa-2048', 'ecdsa-p256', ...); in listings */
  keyType: z.string().optional(),
  /** how it was requested; in listings */
  method: RequestMethodSchema.optional(),
});

export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

export const CertificateSchema = CertificateSummarySchema.extend({
  certificatePem: z.string(),
  chainPem: z.string(),
});

export type CertificateView = z.infer<typeof CertificateSchema>;
