import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** An organisation's details wait for an MRAO's review (the operator team is told). */
export const OrganisationDetailsSubmitted = defineEvent(
  'validation.evt.organisation-details.submitted.v1',
  z.object({ organisationId: z.string(), legalName: z.string(), submittedBy: z.string(), submittedAt: z.string() }),
);

export type OrganisationDetailsSubmittedData = EventDataOf<typeof OrganisationDetailsSubmitted>;
