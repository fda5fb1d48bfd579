import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Rotates the refresh token; presenting a replaced one ends the session (token theft). */
export const RefreshSession = defineRequest(
  'identity.cmd.refresh-session.v1',
  z.object({ refreshToken: z.string().min(1).max(500) }),
  z.object({ actor: ActorSchema, refreshToken: z.string(), refreshExpiresAt: z.string() }),
);

export type RefreshSessionRequest = RequestOf<typeof RefreshSession>;
export type RefreshSessionResponse = ResponseOf<typeof RefreshSession>;
