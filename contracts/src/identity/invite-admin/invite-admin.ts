import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { Email } from '../identity.schemas';

export const InviteAdmin = defineRequest(
  'identity.cmd.invite-admin.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    email: Email,
    name: z.string().trim().min(1).max(200),
    role: z.literal('RAO'),
  }),
  z.object({ adminId: z.string(), invitationExpiresAt: z.string() }),
);

export type InviteAdminRequest = RequestOf<typeof InviteAdmin>;
export type InviteAdminResponse = ResponseOf<typeof InviteAdmin>;
