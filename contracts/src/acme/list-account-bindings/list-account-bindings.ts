import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AccountBindingViewSchema } from '../account-binding-view';

/**
 * The External Account Bindings of an organisation, newest first: all of them for its RAOs and
 * the operator, those of its departments where a DRAO holds manage-acme for a DRAO.
 */
export const ListAccountBindings = defineRequest(
  'acme.qry.list-account-bindings.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  z.array(AccountBindingViewSchema),
);

export type ListAccountBindingsRequest = RequestOf<typeof ListAccountBindings>;
export type ListAccountBindingsResponse = ResponseOf<typeof ListAccountBindings>;
