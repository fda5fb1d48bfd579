import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** API admins exchange their credential for an access token; no refresh, no UI. */
export const ApiSignIn = defineRequest(
  'identity.cmd.api-sign-in.v1',
  z.object({ credential: z.string().min(1).max(500) }),
  z.object({ actor: ActorSchema }),
);

export type ApiSignInRequest = RequestOf<typeof ApiSignIn>;
export type ApiSignInResponse = ResponseOf<typeof ApiSignIn>;
