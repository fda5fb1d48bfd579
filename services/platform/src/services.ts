/** The services a platform process can run (`SERVICES`), in start order. */
export const SERVICES = ['identity', 'billing', 'validation', 'issuance', 'notifications', 'gateway', 'acme'] as const;
export type ServiceName = (typeof SERVICES)[number];
