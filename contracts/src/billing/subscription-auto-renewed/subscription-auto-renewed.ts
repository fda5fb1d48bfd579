import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';
import { UsageClassSchema } from '../billing.schemas';

/** The term ended without a renewal: the next one started automatically and needs a PO by `poDueBy`. */
export const SubscriptionAutoRenewed = defineEvent(
  'billing.evt.subscription.auto-renewed.v1',
  z.object({
    organisationId: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
    usageClass: UsageClassSchema,
    invoiceNumber: z.string(),
    amountPence: z.number().int(),
    poDueBy: z.string(),
  }),
);

export type SubscriptionAutoRenewedData = EventDataOf<typeof SubscriptionAutoRenewed>;
