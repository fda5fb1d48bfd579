export const NOTIFICATIONS_STORE = Symbol('NOTIFICATIONS_STORE');
export const NOTIFICATIONS_READ_MODEL = Symbol('NOTIFICATIONS_READ_MODEL');
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

export interface NotificationsConfig {
  /** base URL of the portal, for links in messages */
  publicUrl: string;
  /** SMTP URL (nodemailer); without it mail stays in the outbox */
  smtpUrl?: string;
  from: string;
  /** how often the certificate expiry sweep looks for notices due (0: never by itself); default one hour */
  expirySweepMs?: number;
}
