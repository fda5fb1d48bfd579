export * from './notifications.module';
export type { NotificationsConfig } from './notifications.tokens';
export { notificationsEnv } from './notifications.config';
export { ExpiryNoticesSweeper } from './certificate-notices/expiry-notices.sweeper';
export { WebhookDispatcher } from './webhooks/deliver/webhook-dispatcher';
