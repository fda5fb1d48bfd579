export * from './notifications.schemas';
export * from './list-outbox/list-outbox';
