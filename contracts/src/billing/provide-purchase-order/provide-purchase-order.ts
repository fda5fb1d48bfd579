import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { PoNumberSchema, SubscriptionSchema } from '../billing.schemas';

/** Attaches a PO number to an invoice (default: the one awaiting a PO); reinstates a suspended subscription. */
export const ProvidePurchaseOrder = defineRequest(
  'billing.cmd.provide-purchase-order.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), poNumber: PoNumberSchema, invoiceNumber: z.string().optional() }),
  SubscriptionSchema,
);

export type ProvidePurchaseOrderRequest = RequestOf<typeof ProvidePurchaseOrder>;
export type ProvidePurchaseOrderResponse = ResponseOf<typeof ProvidePurchaseOrder>;
