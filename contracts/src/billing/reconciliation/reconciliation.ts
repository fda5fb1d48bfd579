import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const TermReconciliationSchema = z.object({
  termStart: z.string(),
  termEnd: z.string(),
  /** billing's tally for the term */
  tally: z.number().int(),
  /** from issuance: certificates issued in the term, and those of them revoked within 336 hours */
  issued: z.number().int(),
  refundable: z.number().int(),
  expected: z.number().int(),
  ok: z.boolean(),
});

/** MRAO only: does each term's tally equal issued minus refunded certificates according to issuance? */
export const Reconcile = defineRequest(
  'billing.qry.reconciliation.v1',
  z.object({ actor: ActorSchema, organisationId: z.string().optional() }),
  z.object({
    ok: z.boolean(),
    organisations: z.array(z.object({ organisationId: z.string(), ok: z.boolean(), terms: z.array(TermReconciliationSchema) })),
  }),
);

export type ReconcileRequest = RequestOf<typeof Reconcile>;
export type ReconcileResponse = ResponseOf<typeof Reconcile>;
