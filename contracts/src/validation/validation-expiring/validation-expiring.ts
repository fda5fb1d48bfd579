import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** 30 days before the OV vetting, the EV anchor or a domain's validation expires: notifications tells the RAOs. */
export const ValidationExpiring = defineEvent(
  'validation.evt.validation.expiring.v1',
  z.object({
    organisationId: z.string(),
    kind: z.enum(['organisation', 'ev', 'domain']),
    domain: z.string().optional(),
    expiresAt: z.string(),
  }),
);

export type ValidationExpiringData = EventDataOf<typeof ValidationExpiring>;
