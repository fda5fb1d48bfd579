import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AdminViewSchema } from '../identity.schemas';

export const GetAdmin = defineRequest(
  'identity.qry.get-admin.v1',
  z.object({ actor: ActorSchema, adminId: z.string() }),
  AdminViewSchema,
);

export type GetAdminRequest = RequestOf<typeof GetAdmin>;
export type GetAdminResponse = ResponseOf<typeof GetAdmin>;
