import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** Published when an admin asks for e-mail DCV; notifications mails the one-time link to `to`. */
export const DomainValidationEmailRequested = defineEvent(
  'validation.evt.domain-validation-email.requested.v1',
  z.object({
    organisationId: z.string(),
    domain: z.string(),
    to: z.string(),
    /** one-time; derived (HMAC) when the event is published, never stored */
    confirmationToken: z.string(),
    expiresAt: z.string(),
  }),
);

export type DomainValidationEmailRequestedData = EventDataOf<typeof DomainValidationEmailRequested>;
