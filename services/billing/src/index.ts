export * from './billing.module';
export { USAGE_CLASSES } from './usage-classes';
