export * from './notifications.module';
export { NotificationsMetrics } from './notifications.metrics';
export type { NotificationsConfig } from './notifications.tokens';
export { notificationsEnv } from './notifications.config';
export { ExpiryNoticesSweeper } from './certificate-notices/expiry-notices.sweeper';
export { WebhookDispatcher } from './webhooks/deliver/webhook-dispatcher';
// The ops command's list of this service's read models (projections list / verify).
export { NOTIFICATIONS_PROJECTIONS } from './projections/outbox.projection';
