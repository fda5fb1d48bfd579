import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { InvoiceSchema, SubscriptionSchema, UsageClassSchema } from '../billing.schemas';

/** Moves the current term to a higher usage class at once and invoices the pro-rata difference. */
export const UpgradeSubscription = defineRequest(
  'billing.cmd.upgrade-subscription.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), usageClass: UsageClassSchema }),
  z.object({ subscription: SubscriptionSchema, invoice: InvoiceSchema }),
);

export type UpgradeSubscriptionRequest = RequestOf<typeof UpgradeSubscription>;
export type UpgradeSubscriptionResponse = ResponseOf<typeof UpgradeSubscription>;
