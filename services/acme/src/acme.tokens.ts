export const ACME_STORE = Symbol('ACME_STORE');
export const ACME_SECRET = Symbol('ACME_SECRET');
export const ACME_OPTIONS = Symbol('ACME_OPTIONS');

export interface AcmeSettings {
  ordersPerAccountPerMinute: number;
  requestsPerIpPerMinute: number;
  /**
   * The base of every ACME URL (directory, kid, order and JWS "url" checks), e.g.
   * https://acme.example.ac.uk/acme. Without it, taken from each request's scheme and Host, which a
   * TLS-terminating proxy changes.
   */
  publicUrl?: string;
}
