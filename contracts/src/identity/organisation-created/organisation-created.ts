import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

export const OrganisationCreated = defineEvent(
  'identity.evt.organisation.created.v1',
  z.object({ organisationId: z.string(), name: z.string(), member: z.boolean(), createdBy: z.string() }),
);

export type OrganisationCreatedData = EventDataOf<typeof OrganisationCreated>;
