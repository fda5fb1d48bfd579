import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Between services only (identity's organisation listing): the state of each named organisation's
 * subscription; organisations without one are left out.
 */
export const SubscriptionStates = defineRequest(
  'billing.qry.subscription-states.v1',
  z.object({ organisationIds: z.array(z.string()).max(100_000) }),
  z.object({ items: z.array(z.object({ organisationId: z.string(), status: z.enum(['active', 'suspended']) })) }),
);

export type SubscriptionStatesRequest = RequestOf<typeof SubscriptionStates>;
export type SubscriptionStatesResponse = ResponseOf<typeof SubscriptionStates>;
