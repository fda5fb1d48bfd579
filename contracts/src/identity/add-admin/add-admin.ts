import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { Email, GrantInputSchema } from '../identity.schemas';

/** Any role, any scope the caller holds: never more role, scope or privilege than its own. */
export const AddAdmin = defineRequest(
  'identity.cmd.add-admin.v1',
  z.object({
    actor: ActorSchema,
    email: Email,
    name: z.string().trim().min(1).max(200),
    type: z.enum(['standard', 'api']).default('standard'),
    grants: z.array(GrantInputSchema).min(1).max(20),
  }),
  z.object({
    adminId: z.string(),
    /** standard admins: when the e-mailed link expires */
    invitationExpiresAt: z.string().optional(),
    /** API admins: `<adminId>.<secret>`, shown once; only its hash is kept */
    apiCredential: z.string().optional(),
  }),
);

export type AddAdminRequest = RequestOf<typeof AddAdmin>;
export type AddAdminResponse = ResponseOf<typeof AddAdmin>;
