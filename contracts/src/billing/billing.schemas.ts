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
});

export type SubscriptionView = z.infer<typeof SubscriptionSchema>;
