import { createHmac } from 'node:crypto';

/**
 * The HMAC key of a binding, derived from the service secret and the key id: nothing secret is
 * stored, and the key is shown to the admin once (the portal reply) and never logged.
 */
export const bindingHmacKey = (secret: Buffer, keyId: string): Buffer => createHmac('sha256', secret).update(`acme-eab:${keyId}`).digest();
