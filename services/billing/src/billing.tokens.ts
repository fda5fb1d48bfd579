/** The billing service's own event store (each service owns its data). */
export const BILLING_STORE = Symbol('BILLING_STORE');
/** Where billing's read models live (invoices, the subscription index the scheduler reads). */
export const BILLING_READ_MODEL = Symbol('BILLING_READ_MODEL');
/** How often the scheduler looks for due work; the due dates themselves come from the events. */
export const BILLING_SCHEDULER_INTERVAL_MS = Symbol('BILLING_SCHEDULER_INTERVAL_MS');
