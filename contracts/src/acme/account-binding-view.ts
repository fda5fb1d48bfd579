import { z } from 'zod';
import { CertificateFamilySchema } from '../lib/tls-certificate-type';

/** A binding as the portal lists it: never its HMAC key. */
export const AccountBindingViewSchema = z.object({
  keyId: z.string(),
  organisationId: z.string(),
  departmentId: z.string().optional(),
  label: z.string().optional(),
  /** what its account gets when an order names no profile; an EV binding may also order OV */
  family: CertificateFamilySchema,
  /** unused: no account registered yet; used: its account works; disabled: refused, its account deactivated */
  status: z.enum(['unused', 'used', 'disabled']),
  createdBy: z.string(),
  createdAt: z.string(),
  /** the ACME account it registered (`acme-account:<id>` in certificate listings) */
  accountId: z.string().optional(),
  registeredAt: z.string().optional(),
  /** the account's last new order, or its registration */
  lastUsedAt: z.string().optional(),
  disabledBy: z.string().optional(),
  disabledAt: z.string().optional(),
});
export type AccountBindingView = z.infer<typeof AccountBindingViewSchema>;
