import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AdminViewSchema } from '../identity.schemas';

/** Admins with at least one grant in the caller's scope. */
export const ListAdmins = defineRequest(
  'identity.qry.list-admins.v1',
  z.object({ actor: ActorSchema, organisationId: z.string().optional() }),
  z.array(AdminViewSchema),
);

export type ListAdminsRequest = RequestOf<typeof ListAdmins>;
export type ListAdminsResponse = ResponseOf<typeof ListAdmins>;
