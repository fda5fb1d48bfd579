import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const SignInWithIdp = defineRequest(
  'identity.cmd.sign-in-with-idp.v1',
  z.object({ issuer: z.string().min(1), subject: z.string().min(1) }),
  z.object({ actor: ActorSchema, refreshToken: z.string(), refreshExpiresAt: z.string() }),
);

export type SignInWithIdpRequest = RequestOf<typeof SignInWithIdp>;
export type SignInWithIdpResponse = ResponseOf<typeof SignInWithIdp>;
