import { z } from 'zod';

/** After the 1st, 2nd, … failure (Standard Webhooks' schedule, the last retry 24 h after the first attempt). */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 23_095_000];

/** The notifications service's own settings from the environment (the shared ones come from the platform). */
const Schema = z.object({
  /** how often to look for certificate expiry notices due (0: never by itself) */
  NOTIFICATIONS_SWEEP_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** the waits between webhook attempts, comma-separated milliseconds (tests shorten them) */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,19}$/, 'comma-separated milliseconds')
    .transform((s) => s.split(',').map(Number))
    .optional(),
  /** let webhooks reach loopback / private / other special-purpose addresses (tests only) */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** a PEM file of CA certificates trusted for webhook endpoints besides the system's (a test receiver's) */
  WEBHOOK_CA_FILE: z.string().optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** how often to look for webhook attempts due */
  WEBHOOK_DISPATCH_MS: z.coerce.number().int().min(0).default(1_000),
});

export interface WebhooksConfig {
  retryDelaysMs: readonly number[];
  allowPrivate: boolean;
  caFile?: string;
  timeoutMs: number;
  dispatchIntervalMs: number;
}

export function notificationsEnv(env: NodeJS.ProcessEnv): { expirySweepMs: number; webhooks: WebhooksConfig } {
  const parsed = Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new Error(`invalid notifications configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  return {
    expirySweepMs: c.NOTIFICATIONS_SWEEP_MS,
    webhooks: {
      retryDelaysMs: c.WEBHOOK_RETRY_SCHEDULE_MS ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
      allowPrivate: c.WEBHOOK_ALLOW_PRIVATE === 'true',
      caFile: c.WEBHOOK_CA_FILE,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      dispatchIntervalMs: c.WEBHOOK_DISPATCH_MS,
    },
  };
}
