export * from './decider-spec';
export * from './postgres';
export * from './nats';
export * from './nats-server';
export * from './dns-server';
export * from './smtp-server';
export * from './eventually';
