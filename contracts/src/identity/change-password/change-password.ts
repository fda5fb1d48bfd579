import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** A signed-in standard admin changes its own password, proving the current one. */
export const ChangePassword = defineRequest(
  'identity.cmd.change-password.v1',
  z.object({ actor: ActorSchema, currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
  z.object({ ok: z.literal(true) }),
);

export type ChangePasswordRequest = RequestOf<typeof ChangePassword>;
export type ChangePasswordResponse = ResponseOf<typeof ChangePassword>;
