import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const ReleaseAllowance = defineRequest(
  'billing.cmd.release-allowance.v1',
  z.object({ organisationId: z.string(), certificateId: z.string() }),
  z.object({ released: z.boolean() }),
);

export type ReleaseAllowanceRequest = RequestOf<typeof ReleaseAllowance>;
export type ReleaseAllowanceResponse = ResponseOf<typeof ReleaseAllowance>;
