// The conformance suite (message-bus.conformance.ts) is deliberately not exported: it calls jest's
// describe/it. Adapter tests import it by relative path.
export * from './message-bus.port';
export { InProcessBus, type InProcessBusOptions } from './in-process.bus';
export { NatsBus, type NatsBusOptions } from './nats.bus';
export {
  sendRequest,
  serveRequest,
  publishEvent,
  consumeEvents,
  type ContractRequestHandler,
  type ContractEventArgs,
  type ConsumeEventsOptions,
} from './typed';
export { IntegrationEventRelay, openRelays, type IntegrationEventRelayOptions, type RelayedMessage } from './integration-event.relay';
export { OnRequest, OnEvent, type ContractEventHandler } from './messaging.decorators';
export {
  MessagingModule,
  MessagingFeatureModule,
  type MessagingModuleOptions,
  type MessagingModuleAsyncOptions,
} from './messaging.module';
export { MessagingExplorer } from './messaging.explorer';
export { subjectMatches } from './subjects';
export type { MessagingLogger } from './logger';
export { currentCorrelationId, withCorrelationId } from './correlation';
