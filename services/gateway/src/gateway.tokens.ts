export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export interface GatewayConfig {
  /** HMAC key for access tokens (32 bytes or more); never logged */
  tokenSecret: Buffer;
}
