import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const UsageEntrySchema = z.object({
  at: z.string(),
  termStart: z.string(),
  /** not-issued: a unit confirmed for signing and given back because the certificate was never issued */
  kind: z.enum(['issued', 'refunded', 'upgrade', 'renewal', 'invoice', 'purchase-order', 'suspended', 'reinstated', 'not-issued']),
  certificateId: z.string().optional(),
  /** refunds: whole days between issuance and revocation */
  daysSinceIssuance: z.number().optional(),
  usageClass: z.string().optional(),
  fromClass: z.string().optional(),
  amountPence: z.number().int().optional(),
  invoiceNumber: z.string().optional(),
  poNumber: z.string().optional(),
  automatic: z.boolean().optional(),
  actor: z.string().optional(),
});
export type UsageEntry = z.infer<typeof UsageEntrySchema>;

/** Finance's view of one organisation's subscription events, per term (all terms when termStart is absent). */
export const UsageHistory = defineRequest(
  'billing.qry.usage-history.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), termStart: z.iso.date().optional() }),
  z.object({
    organisationId: z.string(),
    terms: z.array(
      z.object({ termStart: z.string(), issued: z.number().int(), refunded: z.number().int(), invoicedPence: z.number().int(), entries: z.array(UsageEntrySchema) }),
    ),
  }),
);

export type UsageHistoryRequest = RequestOf<typeof UsageHistory>;
export type UsageHistoryResponse = ResponseOf<typeof UsageHistory>;
