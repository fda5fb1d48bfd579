import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const SignOut = defineRequest(
  'identity.cmd.sign-out.v1',
  z.object({ refreshToken: z.string().min(1).max(500) }),
  z.object({ ok: z.literal(true) }),
);

export type SignOutRequest = RequestOf<typeof SignOut>;
export type SignOutResponse = ResponseOf<typeof SignOut>;
