export const NOTIFICATIONS_STORE = Symbol('NOTIFICATIONS_STORE');
export const NOTIFICATIONS_READ_MODEL = Symbol('NOTIFICATIONS_READ_MODEL');
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

import type { WebhooksConfig } from './notifications.config';

export interface NotificationsConfig {
  /** base URL of the portal, for links in messages */
  publicUrl: string;
  /** SMTP URL (nodemailer); without it mail stays in the outbox */
  smtpUrl?: string;
  from: string;
  /** how often the certificate expiry sweep looks for notices due (0: never by itself); default one hour */
  expirySweepMs?: number;
  /** webhook deliveries (defaults: notificationsEnv({})) */
  webhooks?: WebhooksConfig;
  /** seals webhook signing secrets at rest (≥ 32 bytes; the same for every notifications instance) */
  secret?: Buffer;
}
