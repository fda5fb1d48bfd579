import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const SubscriptionSummarySchema = z.object({
  organisationId: z.string(),
  /** the organisation's name now (after any rename); absent when identity does not know the id */
  organisationName: z.string().optional(),
  status: z.enum(['active', 'suspended']),
  usageClass: z.string(),
  allowance: z.number().int(),
  tally: z.number().int(),
  termStart: z.string(),
  termEnd: z.string(),
  renewed: z.boolean(),
  awaitingPoInvoice: z.string().optional(),
  poDueBy: z.string().optional(),
});

/** MRAO views: all subscriptions, renewals due within N days (not renewed yet), awaiting a PO, suspended. */
export const ListSubscriptions = defineRequest(
  'billing.qry.list-subscriptions.v1',
  z.object({
    actor: ActorSchema,
    view: z.enum(['all', 'renewals-due', 'awaiting-po', 'suspended']).default('all'),
    withinDays: z.number().int().min(0).max(3660).default(90),
  }),
  z.object({ items: z.array(SubscriptionSummarySchema), total: z.number().int() }),
);

export type ListSubscriptionsRequest = RequestOf<typeof ListSubscriptions>;
export type ListSubscriptionsResponse = ResponseOf<typeof ListSubscriptions>;
