import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { AccountBindingViewSchema } from '../account-binding-view';

/**
 * Disables a binding for good: it registers no account any more, and the account it registered is
 * deactivated (its next request is refused). Disabling a disabled binding answers it unchanged.
 */
export const DisableAccountBinding = defineRequest(
  'acme.cmd.disable-account-binding.v1',
  z.object({ actor: ActorSchema, keyId: z.string() }),
  AccountBindingViewSchema,
);

export type DisableAccountBindingRequest = RequestOf<typeof DisableAccountBinding>;
export type DisableAccountBindingResponse = ResponseOf<typeof DisableAccountBinding>;
