import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** Published when an admin is invited; notifications e-mails the one-time link. */
export const AdminInvited = defineEvent(
  'identity.evt.admin.invited.v1',
  z.object({
    adminId: z.string(),
    email: z.string(),
    name: z.string(),
    organisationId: z.string().optional(),
    role: z.enum(['MRAO', 'RAO', 'DRAO']),
    invitedBy: z.string(),
    /** single-use; only its hash-free HMAC form exists, derived when the event is published */
    invitationToken: z.string(),
    expiresAt: z.string(),
  }),
);

export type AdminInvitedData = EventDataOf<typeof AdminInvited>;
