export const VALIDATION_STORE = Symbol('VALIDATION_STORE');
export const VALIDATION_CONFIG = Symbol('VALIDATION_CONFIG');
/** HMAC key of the e-mailed one-time links */
export const VALIDATION_SECRET = Symbol('VALIDATION_SECRET');
export const DNS_CLIENT = Symbol('DNS_CLIENT');
