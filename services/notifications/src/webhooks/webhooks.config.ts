import { notificationsEnv } from '../notifications.config';
import type { NotificationsConfig } from '../notifications.tokens';

/** The webhook settings, with defaults when the module was given none (a test module); no secret, no webhooks. */
export function webhookConfig(config: NotificationsConfig) {
  if (!config.secret || config.secret.length < 32) throw new Error('notifications needs its secret (≥ 32 bytes) to seal webhook signing secrets');
  return { webhooks: config.webhooks ?? notificationsEnv({}).webhooks, secret: config.secret };
}
