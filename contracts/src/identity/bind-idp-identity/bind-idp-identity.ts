import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const BindIdpIdentity = defineRequest(
  'identity.cmd.bind-idp-identity.v1',
  z.object({ token: z.string().min(1).max(500), issuer: z.string().min(1), subject: z.string().min(1) }),
  z.object({ adminId: z.string(), email: z.string() }),
);

export type BindIdpIdentityRequest = RequestOf<typeof BindIdpIdentity>;
export type BindIdpIdentityResponse = ResponseOf<typeof BindIdpIdentity>;
