import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Issuance confirms its reservation just before signing: a live reservation is counted now (the
 * certificate's later issued event then finds it counted); one counted already is confirmed again;
 * one released (it expired, or was given back) or never made is refused with RESERVATION_LAPSED, and
 * the certificate is not signed. So nothing is signed without a live unit, whatever the delays.
 */
export const ConfirmAllowance = defineRequest(
  'billing.cmd.confirm-allowance.v1',
  z.object({
    organisationId: z.string(),
    certificateId: z.string(),
    /** the issuance instant the certificate will carry: the refund window runs from it */
    issuedAt: z.iso.datetime(),
    /** who requested the certificate (an admin id, `acme-account:<id>`, a form): finance's usage row names it */
    requestedBy: z.string().optional(),
  }),
  z.object({ termStart: z.string() }),
);

export type ConfirmAllowanceRequest = RequestOf<typeof ConfirmAllowance>;
export type ConfirmAllowanceResponse = ResponseOf<typeof ConfirmAllowance>;
