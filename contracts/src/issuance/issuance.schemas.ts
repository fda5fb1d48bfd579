import { z } from 'zod';

export const CertificateStatusSchema = z.enum(['issued', 'revoked']);

/** RFC 5280 reason codes that a subscriber may choose (Baseline Requirements 7.2.2). */
export const RevocationReasonSchema = z.enum([
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
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
});

export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

export const CertificateSchema = CertificateSummarySchema.extend({
  certificatePem: z.string(),
  chainPem: z.string(),
});

export type CertificateView = z.infer<typeof CertificateSchema>;
