/** The billing service's own event store (each service owns its data). */
export const BILLING_STORE = Symbol('BILLING_STORE');
