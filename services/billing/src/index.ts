export * from './billing.module';
export { BillingMetrics } from './billing.metrics';
export { USAGE_CLASSES } from './usage-classes';
// The embedded platform's tests reach the billing store through it (e.g. to plant an old event).
export { BILLING_STORE } from './billing.tokens';
// The ops command's list of this service's read models (projections list / verify).
export { BILLING_PROJECTIONS } from './projections/billing.read-model';
// The ops command's finance statement: usage as billing itself defines it, from the subscription stream.
export { currentTermStart, usageHistory } from './finance/usage-history';
export { subscriptionStream } from './subscription/subscription.events';
