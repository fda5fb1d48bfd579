import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** Certificates issued from now on carry `name`; those issued before keep the name they were signed with. */
export const OrganisationRenamed = defineEvent(
  'identity.evt.organisation.renamed.v1',
  z.object({ organisationId: z.string(), name: z.string(), previousName: z.string(), renamedBy: z.string(), renamedAt: z.string() }),
);

export type OrganisationRenamedData = EventDataOf<typeof OrganisationRenamed>;
