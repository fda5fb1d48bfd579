import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AdminViewSchema } from '../identity.schemas';

export const ChangeAdminStatus = defineRequest(
  'identity.cmd.change-admin-status.v1',
  z.object({ actor: ActorSchema, adminId: z.string(), action: z.enum(['suspend', 'reactivate', 'delete']) }),
  AdminViewSchema,
);

export type ChangeAdminStatusRequest = RequestOf<typeof ChangeAdminStatus>;
export type ChangeAdminStatusResponse = ResponseOf<typeof ChangeAdminStatus>;
