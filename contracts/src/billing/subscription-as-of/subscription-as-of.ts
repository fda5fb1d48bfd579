import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { SubscriptionSchema } from '../billing.schemas';

/** The subscription as it stood at an instant: its events replayed up to then (by when they happened). */
export const SubscriptionAsOf = defineRequest(
  'billing.qry.subscription-as-of.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), at: z.iso.datetime({ offset: true }) }),
  SubscriptionSchema.extend({ asOf: z.string(), eventsReplayed: z.number().int() }),
);

export type SubscriptionAsOfRequest = RequestOf<typeof SubscriptionAsOf>;
export type SubscriptionAsOfResponse = ResponseOf<typeof SubscriptionAsOf>;
