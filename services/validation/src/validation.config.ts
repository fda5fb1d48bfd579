import { z } from 'zod';
import type { DcvEmailLimits } from './validation/dcv-email-limits';

/**
 * The validation service's own settings, from the environment. DNS goes through DNS_RESOLVER
 * (`host:port`, default: the system's resolvers); HTTP file checks connect to DCV_HTTP_PORT.
 */
const Schema = z.object({
  DNS_RESOLVER: z
    .string()
    .regex(/^[^\s:]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i, 'host or host:port')
    .optional(),
  DNS_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  DCV_HTTP_PORT: z.coerce.number().int().min(1).max(65_535).default(80),
  DCV_HTTP_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
  DCV_HTTP_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(2),
  /** connect to loopback and private addresses for HTTP checks: for tests only (else a domain could aim the check at internal hosts) */
  DCV_HTTP_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** DCV e-mails asked for within an hour, per domain and per organisation (counted from the events, so shared by every instance) */
  DCV_EMAILS_PER_DOMAIN_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  DCV_EMAILS_PER_ORGANISATION_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  /** what `_<token>.<domain>` must be a CNAME to */
  DCV_CNAME_TARGET: z.string().trim().toLowerCase().default('dcv.certificate-service.invalid'),
  /** the issuer domain names CAA `issue` / `issuewild` must name (comma-separated) */
  CAA_IDENTITIES: z.string().trim().toLowerCase().default('certificate-service.invalid'),
  /** HMAC key for the e-mailed one-time links (≥ 32 characters); generated into DATA_DIR/secrets when absent */
  VALIDATION_SECRET: z.string().optional(),
  /** how often to look for expiry notices due (0: never by itself) */
  VALIDATION_SWEEP_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export interface ValidationConfig {
  dnsResolver?: string;
  dnsTimeoutMs: number;
  httpPort: number;
  httpTimeoutMs: number;
  httpMaxRedirects: number;
  httpAllowPrivate: boolean;
  emailLimits: DcvEmailLimits;
  cnameTarget: string;
  caaIdentities: string[];
  sweepIntervalMs: number;
}

export function validationConfig(env: NodeJS.ProcessEnv): ValidationConfig & { secretFromEnv?: string } {
  const parsed = Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`invalid validation configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  return {
    dnsResolver: c.DNS_RESOLVER,
    dnsTimeoutMs: c.DNS_TIMEOUT_MS,
    httpPort: c.DCV_HTTP_PORT,
    httpTimeoutMs: c.DCV_HTTP_TIMEOUT_MS,
    httpMaxRedirects: c.DCV_HTTP_MAX_REDIRECTS,
    httpAllowPrivate: c.DCV_HTTP_ALLOW_PRIVATE === 'true',
    emailLimits: { perDomain: c.DCV_EMAILS_PER_DOMAIN_PER_HOUR, perOrganisation: c.DCV_EMAILS_PER_ORGANISATION_PER_HOUR, windowMs: 3_600_000 },
    cnameTarget: c.DCV_CNAME_TARGET,
    caaIdentities: c.CAA_IDENTITIES.split(',').map((s) => s.trim()).filter(Boolean),
    sweepIntervalMs: c.VALIDATION_SWEEP_MS,
    secretFromEnv: c.VALIDATION_SECRET,
  };
}
