import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const CheckIdpInvitation = defineRequest(
  'identity.qry.check-idp-invitation.v1',
  z.object({ token: z.string().min(1).max(500) }),
  z.object({ adminId: z.string() }),
);

export type CheckIdpInvitationRequest = RequestOf<typeof CheckIdpInvitation>;
export type CheckIdpInvitationResponse = ResponseOf<typeof CheckIdpInvitation>;
