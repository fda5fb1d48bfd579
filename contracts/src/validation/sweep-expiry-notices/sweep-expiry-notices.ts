import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Records the expiry notices due now for every organisation (the service also runs it on a timer;
 * what is due is derived from state, so running it twice or late changes nothing).
 */
export const SweepExpiryNotices = defineRequest(
  'validation.cmd.sweep-expiry-notices.v1',
  z.object({}),
  z.object({ organisations: z.number().int(), notices: z.number().int() }),
);

export type SweepExpiryNoticesRequest = RequestOf<typeof SweepExpiryNotices>;
export type SweepExpiryNoticesResponse = ResponseOf<typeof SweepExpiryNotices>;
