import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** No PO a calendar month after an automatic renewal: no certificate can be requested until one arrives. */
export const SubscriptionSuspended = defineEvent(
  'billing.evt.subscription.suspended.v1',
  z.object({ organisationId: z.string(), termStart: z.string(), invoiceNumber: z.string(), suspendedAt: z.string() }),
);

export type SubscriptionSuspendedData = EventDataOf<typeof SubscriptionSuspended>;
