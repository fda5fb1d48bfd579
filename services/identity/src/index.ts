export * from './identity.module';
/** The identity event store, for the platform's tests and the ops command. */
export { IDENTITY_STORE } from './identity.tokens';
