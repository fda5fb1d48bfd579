import { z } from 'zod';

export const UsageClassSchema = z.enum(['A', 'B', 'C', 'D', 'E', 'F']);

export const SubscriptionSchema = z.object({
  organisationId: z.string(),
  status: z.enum(['active', 'suspended']),
  usageClass: UsageClassSchema,
  allowance: z.number().int(),
  termStart: z.string(),
  termEnd: z.string(),
  /** certificates counted against the current term */
  tally: z.number().int(),
  /** reserved for issuances in progress */
  inFlight: z.number().int(),
  remaining: z.number().int(),
  refunded: z.number().int(),
  /** the renewal that follows the current term, once decided */
  nextTerm: z
    .object({
      termStart: z.string(),
      termEnd: z.string(),
      usageClass: UsageClassSchema,
      automatic: z.boolean(),
      renewedBy: z.string(),
      renewedByEmail: z.string().optional(),
      renewedAt: z.string(),
    })
    .optional(),
  /** after an automatic renewal: the invoice that needs a PO number, and the day the subscription is suspended without one */
  awaitingPo: z.object({ invoiceNumber: z.string(), dueBy: z.string() }).optional(),
  suspendedAt: z.string().optional(),
});

export type SubscriptionView = z.infer<typeof SubscriptionSchema>;

export const PoNumberSchema = z.string().trim().min(1).max(100);

export const InvoiceSchema = z.object({
  invoiceNumber: z.string(),
  organisationId: z.string(),
  termStart: z.string(),
  reason: z.enum(['first-term', 'upgrade', 'renewal', 'auto-renewal']),
  poNumber: z.string().optional(),
  lines: z.array(z.object({ description: z.string(), amountPence: z.number().int() })),
  totalPence: z.number().int(),
  status: z.enum(['awaiting-po', 'issued']),
  raisedAt: z.string(),
});
export type InvoiceView = z.infer<typeof InvoiceSchema>;

/** What renewing answered: renewed now, or renewed already (by whom, when), or the PO of an automatic renewal taken. */
export const RenewalOutcomeSchema = z.object({
  outcome: z.enum(['renewed', 'already-renewed', 'po-received']),
  organisationId: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  usageClass: UsageClassSchema,
  automatic: z.boolean(),
  renewedBy: z.string(),
  renewedByEmail: z.string().optional(),
  renewedAt: z.string(),
  invoiceNumber: z.string(),
  message: z.string(),
});
export type RenewalOutcome = z.infer<typeof RenewalOutcomeSchema>;
