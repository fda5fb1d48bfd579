export * from './notifications.module';
export type { NotificationsConfig } from './notifications.tokens';
