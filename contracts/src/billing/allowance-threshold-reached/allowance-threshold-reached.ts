import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/**
 * The term's tally reached 80 % or 100 % of the allowance (once per threshold and term): the RAOs are
 * told before requests start being refused, and when they are.
 */
export const AllowanceThresholdReached = defineEvent(
  'billing.evt.allowance.threshold-reached.v1',
  z.object({
    organisationId: z.string(),
    termStart: z.string(),
    percent: z.union([z.literal(80), z.literal(100)]),
    tally: z.number().int(),
    allowance: z.number().int(),
    reachedAt: z.string(),
  }),
);

export type AllowanceThresholdReachedData = EventDataOf<typeof AllowanceThresholdReached>;
