import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const ReleaseAllowance = defineRequest(
  'billing.cmd.release-allowance.v1',
  z.object({
    organisationId: z.string(),
    certificateId: z.string(),
    /**
     * The unit may have been confirmed (ConfirmAllowance) and the certificate was not issued after all
     * (signing failed, or the confirmation's answer was lost): a counted unit is given back too
     * (CertificateUncounted, which finance sees apart from revocation refunds). Absent: only a live
     * reservation is released.
     */
    confirmed: z.boolean().optional(),
  }),
  z.object({ released: z.boolean() }),
);

export type ReleaseAllowanceRequest = RequestOf<typeof ReleaseAllowance>;
export type ReleaseAllowanceResponse = ResponseOf<typeof ReleaseAllowance>;
