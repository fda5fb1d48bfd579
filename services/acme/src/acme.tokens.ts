export const ACME_STORE = Symbol('ACME_STORE');
export const ACME_SECRET = Symbol('ACME_SECRET');
export const ACME_OPTIONS = Symbol('ACME_OPTIONS');

export interface AcmeLimits {
  ordersPerAccountPerMinute: number;
  requestsPerIpPerMinute: number;
}
