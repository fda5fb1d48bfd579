import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Service to service only (billing's subscription listings): each named organisation's name now; unknown ids are left out. */
export const OrganisationNames = defineRequest(
  'identity.qry.organisation-names.v1',
  z.object({ organisationIds: z.array(z.string()).max(100_000) }),
  z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }),
);

export type OrganisationNamesRequest = RequestOf<typeof OrganisationNames>;
export type OrganisationNamesResponse = ResponseOf<typeof OrganisationNames>;
