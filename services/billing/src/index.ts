export * from './billing.module';
export { USAGE_CLASSES } from './usage-classes';
// The embedded platform's tests reach the billing store through it (e.g. to plant an old event).
export { BILLING_STORE } from './billing.tokens';
