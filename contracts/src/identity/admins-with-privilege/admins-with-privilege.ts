import { z } from 'zod';
import { PrivilegeSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Service to service only (no actor; the gateway never exposes it): the active admins holding
 * `privilege` in a scope (an organisation, or a department of it), e.g. whom to ask to approve a
 * certificate request. `role` is the role of the narrowest grant that carries it (DRAO, RAO, MRAO).
 */
export const AdminsWithPrivilege = defineRequest(
  'identity.qry.admins-with-privilege.v1',
  z.object({ organisationId: z.string(), departmentId: z.string().optional(), privilege: PrivilegeSchema }),
  z.object({
    admins: z.array(z.object({ adminId: z.string(), email: z.string(), name: z.string(), role: z.enum(['MRAO', 'RAO', 'DRAO']) })),
  }),
);

export type AdminsWithPrivilegeRequest = RequestOf<typeof AdminsWithPrivilege>;
export type AdminsWithPrivilegeResponse = ResponseOf<typeof AdminsWithPrivilege>;
