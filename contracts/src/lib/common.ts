import { z } from 'zod';

/** Privileges a grant carries; the same list as `PRIVILEGES` in the kernel (identity's tests check they agree). */
export const PrivilegeSchema = z.enum([
  'manage-admins',
  'manage-domains',
  'request-ssl',
  'approve-ssl',
  'revoke-ssl',
  'request-smime',
  'revoke-smime',
  'manage-subscription',
  'manage-acme',
  'manage-forms',
  'view-reports',
]);

/** The authenticated caller, passed by the gateway with every command and query. */
export const ActorSchema = z.object({
  adminId: z.string(),
  email: z.string(),
  grants: z.array(
    z.object({
      role: z.enum(['MRAO', 'RAO', 'DRAO']),
      organisationId: z.string().optional(),
      departmentId: z.string().optional(),
      /** absent: every privilege of the role (identity's grants before privileges existed) */
      privileges: z.array(PrivilegeSchema).optional(),
    }),
  ),
});

export const CorrelationSchema = z.object({ correlationId: z.string() });

/** One stored event as shown to auditors: in order, with who did what and when. */
export const HistoryEntrySchema = z.object({
  revision: z.number().int(),
  id: z.string(),
  type: z.string(),
  data: z.unknown(),
  occurredAt: z.string(),
  actor: z.string().optional(),
  correlationId: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const OkSchema = z.object({ ok: z.literal(true) });

/** The certificate types of the catalogue; each maps to a profile in issuance and to rules in validation. */
export const CertificateTypeSchema = z.enum([
  'ov-ssl',
  'ov-multi-domain',
  'ov-wildcard',
  'ev-ssl',
  'ev-multi-domain',
  'smime-mailbox',
  'smime-organisation',
]);
export type CertificateType = z.infer<typeof CertificateTypeSchema>;

/** How a certificate was requested: through the REST API (manual CSR), ACME, or an enrollment form. */
export const RequestMethodSchema = z.enum(['manual', 'acme', 'enrollment']);
export type RequestMethod = z.infer<typeof RequestMethodSchema>;
