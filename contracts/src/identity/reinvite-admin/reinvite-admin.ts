import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Sends an invited admin a fresh link (valid 7 days); the previous link stops working. */
export const ReinviteAdmin = defineRequest(
  'identity.cmd.reinvite-admin.v1',
  z.object({ actor: ActorSchema, adminId: z.string() }),
  z.object({ adminId: z.string(), invitationExpiresAt: z.string() }),
);

export type ReinviteAdminRequest = RequestOf<typeof ReinviteAdmin>;
export type ReinviteAdminResponse = ResponseOf<typeof ReinviteAdmin>;
