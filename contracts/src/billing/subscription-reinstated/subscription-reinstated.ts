import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** A purchase order arrived for a suspended subscription: certificates can be requested again. */
export const SubscriptionReinstated = defineEvent(
  'billing.evt.subscription.reinstated.v1',
  z.object({ organisationId: z.string(), termStart: z.string(), reinstatedAt: z.string() }),
);

export type SubscriptionReinstatedData = EventDataOf<typeof SubscriptionReinstated>;
