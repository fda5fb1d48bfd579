import { z } from 'zod';

/** The notifications service's own settings from the environment (the shared ones come from the platform). */
const Schema = z.object({
  /** how often to look for certificate expiry notices due (0: never by itself) */
  NOTIFICATIONS_SWEEP_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export function notificationsEnv(env: NodeJS.ProcessEnv): { expirySweepMs: number } {
  const parsed = Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new Error(`invalid notifications configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { expirySweepMs: parsed.data.NOTIFICATIONS_SWEEP_MS };
}
