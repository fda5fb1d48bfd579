import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Asked by the gateway (cached for seconds) before it trusts an access token: is the admin still
 * allowed in, and from which instant are its tokens valid? Access tokens are stateless and live
 * 15 minutes; this closes the gap after a suspension, deletion, change of grants or of password.
 * No actor: it reveals nothing but the status of an admin whose signed token the gateway holds.
 */
export const AdminAccess = defineRequest(
  'identity.qry.admin-access.v1',
  z.object({ adminId: z.string() }),
  z.object({
    status: z.enum(['none', 'invited', 'active', 'suspended', 'deleted']),
    /** tokens issued before this instant (ISO 8601) no longer count; absent: all do */
    tokensValidAfter: z.string().optional(),
  }),
);

export type AdminAccessRequest = RequestOf<typeof AdminAccess>;
export type AdminAccessResponse = ResponseOf<typeof AdminAccess>;
