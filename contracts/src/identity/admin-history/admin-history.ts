import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { HistoryEntrySchema } from '../../lib/common';

/** Who did what to the account, when; secrets (hashes) are left out. */
export const AdminHistory = defineRequest(
  'identity.qry.admin-history.v1',
  z.object({ actor: ActorSchema, adminId: z.string() }),
  z.array(HistoryEntrySchema),
);

export type AdminHistoryRequest = RequestOf<typeof AdminHistory>;
export type AdminHistoryResponse = ResponseOf<typeof AdminHistory>;
