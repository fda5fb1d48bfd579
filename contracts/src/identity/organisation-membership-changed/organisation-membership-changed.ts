import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** The member flag now in force: invoices raised from now on are priced by it. */
export const OrganisationMembershipChanged = defineEvent(
  'identity.evt.organisation.membership-changed.v1',
  z.object({ organisationId: z.string(), member: z.boolean(), changedBy: z.string(), changedAt: z.string() }),
);

export type OrganisationMembershipChangedData = EventDataOf<typeof OrganisationMembershipChanged>;
