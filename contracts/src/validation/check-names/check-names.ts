import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Asked before every issuance: lists every missing piece at once. */
export const CheckNames = defineRequest(
  'validation.qry.check-names.v1',
  z.object({ organisationId: z.string(), names: z.array(z.string()).min(1) }),
  z.object({
    organisationValidated: z.boolean(),
    /** names not covered by a validated (and unexpired) domain of the organisation */
    uncovered: z.array(z.string()),
  }),
);

export type CheckNamesRequest = RequestOf<typeof CheckNames>;
export type CheckNamesResponse = ResponseOf<typeof CheckNames>;
