import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** Published when an admin is asked to bind an IdP identity; notifications e-mails the one-time link. */
export const AdminIdpInvited = defineEvent(
  'identity.evt.admin.idp-invited.v1',
  z.object({
    adminId: z.string(),
    email: z.string(),
    name: z.string(),
    invitedBy: z.string(),
    /** single-use, derived from the invitation id with the identity secret when published */
    invitationToken: z.string(),
    expiresAt: z.string(),
  }),
);

export type AdminIdpInvitedData = EventDataOf<typeof AdminIdpInvited>;
