import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const SignIn = defineRequest(
  'identity.cmd.sign-in.v1',
  z.object({ email: z.string(), password: z.string() }),
  z.object({
    actor: ActorSchema,
    /** rotated on every use (RefreshSession); ended by SignOut */
    refreshToken: z.string().optional(),
    refreshExpiresAt: z.string().optional(),
  }),
);

export type SignInRequest = RequestOf<typeof SignIn>;
export type SignInResponse = ResponseOf<typeof SignIn>;
