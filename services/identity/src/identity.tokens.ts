export const IDENTITY_STORE = Symbol('IDENTITY_STORE');
/** HMAC key for invitation links; never logged, never on the bus. */
export const IDENTITY_SECRET = Symbol('IDENTITY_SECRET');
