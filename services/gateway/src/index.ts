export * from './gateway.module';
export * from './gateway.app';
export type { GatewayConfig } from './gateway.tokens';
