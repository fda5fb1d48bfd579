import { z } from 'zod';

/**
 * The whole platform's configuration, from the environment. Defaults give the embedded
 * single-process mode; the distributed mode sets NATS_URL, DATABASE_URL and EVENT_STORE.
 */
const ConfigSchema = z
  .object({
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
    /** JSON lines, or human-readable ones (default: pretty on a terminal unless NODE_ENV=production) */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HOST: z.string().default('127.0.0.1'),
    /** a listener of this process's own (on HOST) for /livez, /readyz and /metrics; the single process also serves /metrics on PORT */
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    DATA_DIR: z.string().default('./data'),
    EVENT_STORE: z.enum(['embedded', 'postgres', 'eventstoredb']).default('embedded'),
    /** read models and (with EVENT_STORE=postgres) events */
    DATABASE_URL: z.string().optional(),
    /** prefixed to every PostgreSQL schema name: several deployments (or test runs) can share a database */
    DATABASE_SCHEMA_PREFIX: z.string().regex(/^[a-z0-9_]*$/).default(''),
    EVENTSTOREDB_URL: z.string().optional(),
    /** without it, services talk over the in-process bus (single process only) */
    NATS_URL: z.string().optional(),
    /** how long a service waits for another's answer before giving up with 503 TIMEOUT */
    BUS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    /** how long the gateway's last answer about an admin counts while identity does not answer; then 503 */
    IDENTITY_UNREACHABLE_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    PUBLIC_URL: z.string().optional(),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Certificate service <no-reply@localhost>'),
    PORTAL_ADMIN_EMAIL: z.string().optional(),
    PORTAL_ADMIN_PASSWORD: z.string().optional(),
    PORTAL_ADMIN_NAME: z.string().default('Operator'),
    CA_PASSPHRASE: z.string().optional(),
    CA_PASSPHRASE_FILE: z.string().optional(),
    CA_DIR: z.string().optional(),
    AUTH_TOKEN_SECRET: z.string().optional(),
    IDENTITY_SECRET: z.string().optional(),
    /** OpenID Connect provider for IdP-bound admins (all three, or none: then IdP sign-in is off) */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.EVENT_STORE === 'postgres' && !c.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'EVENT_STORE=postgres needs DATABASE_URL' });
    if (c.EVENT_STORE === 'eventstoredb' && !c.EVENTSTOREDB_URL)
      ctx.addIssue({ code: 'custom', path: ['EVENTSTOREDB_URL'], message: 'EVENT_STORE=eventstoredb needs EVENTSTOREDB_URL' });
  });

export type PlatformConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  // An empty variable means "not set" (as in `NATS_URL= npm start`).
  const result = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success)
    throw new Error(`invalid configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

export const publicUrl = (c: PlatformConfig): string => c.PUBLIC_URL ?? `http://localhost:${c.PORT}`;
