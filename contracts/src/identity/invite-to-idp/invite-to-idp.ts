import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Another admin with access sends the account a link that binds an OpenID Connect identity to it. */
export const InviteToIdp = defineRequest(
  'identity.cmd.invite-to-idp.v1',
  z.object({ actor: ActorSchema, adminId: z.string() }),
  z.object({ adminId: z.string(), invitationExpiresAt: z.string() }),
);

export type InviteToIdpRequest = RequestOf<typeof InviteToIdp>;
export type InviteToIdpResponse = ResponseOf<typeof InviteToIdp>;
