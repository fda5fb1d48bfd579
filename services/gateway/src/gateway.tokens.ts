export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export interface GatewayConfig {
  /** HMAC key for access tokens (32 bytes or more); never logged */
  tokenSecret: Buffer;
  /** OpenID Connect sign-in for IdP-bound admins; absent: those routes answer 404 IDP_NOT_CONFIGURED, an IdP invitation 409 */
  oidc?: OidcConfig;
  /** how long the last answer about an admin counts while identity does not answer (default 60 s) */
  identityUnreachableGraceMs?: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** never logged */
  clientSecret: string;
  /** `<PUBLIC_URL>/api/v1/auth/oidc/callback`, registered at the provider */
  redirectUri: string;
}
