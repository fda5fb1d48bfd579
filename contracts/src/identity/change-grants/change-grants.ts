import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AdminViewSchema, GrantInputSchema } from '../identity.schemas';

export const ChangeGrants = defineRequest(
  'identity.cmd.change-grants.v1',
  z.object({ actor: ActorSchema, adminId: z.string(), grants: z.array(GrantInputSchema).min(1).max(20) }),
  AdminViewSchema,
);

export type ChangeGrantsRequest = RequestOf<typeof ChangeGrants>;
export type ChangeGrantsResponse = ResponseOf<typeof ChangeGrants>;
