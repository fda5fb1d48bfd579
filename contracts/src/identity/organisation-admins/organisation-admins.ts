import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

const Recipient = z.object({ adminId: z.string(), email: z.string(), name: z.string() });
/** a DRAO with the departments of this organisation it administers */
const DepartmentRecipient = Recipient.extend({ departmentIds: z.array(z.string()) });

/**
 * Service to service only (no actor; the gateway never exposes it): whom to tell about an
 * organisation's subscription — its active RAOs, and the operator team (active MRAOs) — and about
 * its certificates (also its active DRAOs; absent from answers of identity before 2026-12: none).
 */
export const OrganisationAdmins = defineRequest(
  'identity.qry.organisation-admins.v1',
  z.object({ organisationId: z.string() }),
  z.object({ raos: z.array(Recipient), mraos: z.array(Recipient), draos: z.array(DepartmentRecipient).optional() }),
);

export type OrganisationAdminsRequest = RequestOf<typeof OrganisationAdmins>;
export type OrganisationAdminsResponse = ResponseOf<typeof OrganisationAdmins>;
