export * from './gateway.module';
export * from './gateway.app';
export { buildOpenApiDocument } from './openapi/openapi.document';
export type { GatewayConfig } from './gateway.tokens';
export { ACCESS_RULE, type AccessRule, type AccessKind } from './auth/access.decorator';
export { ADMIN_ACCESS_CACHE_MS } from './auth/admin-access.cache';
// For tests that fetch a CRL from several issuance instances over a real bus.
export { CrlCopies } from './revocation/crl-copies';
