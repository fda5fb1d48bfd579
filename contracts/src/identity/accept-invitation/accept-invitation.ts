import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const AcceptInvitation = defineRequest(
  'identity.cmd.accept-invitation.v1',
  z.object({ token: z.string().min(1).max(500), password: z.string() }),
  z.object({ adminId: z.string(), email: z.string() }),
);

export type AcceptInvitationRequest = RequestOf<typeof AcceptInvitation>;
export type AcceptInvitationResponse = ResponseOf<typeof AcceptInvitation>;
