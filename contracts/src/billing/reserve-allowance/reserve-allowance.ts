import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Issuance reserves a unit before signing; the unit is confirmed by the issued event. */
export const ReserveAllowance = defineRequest(
  'billing.cmd.reserve-allowance.v1',
  z.object({ organisationId: z.string(), certificateId: z.string() }),
  z.object({ termStart: z.string() }),
);

export type ReserveAllowanceRequest = RequestOf<typeof ReserveAllowance>;
export type ReserveAllowanceResponse = ResponseOf<typeof ReserveAllowance>;
