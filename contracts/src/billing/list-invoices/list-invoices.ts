import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { InvoiceSchema } from '../billing.schemas';

/** Invoices in the caller's scope (an RAO: their organisations; an MRAO: all, or one organisation). */
export const ListInvoices = defineRequest(
  'billing.qry.list-invoices.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string().optional(),
    status: z.enum(['awaiting-po', 'issued']).optional(),
  }),
  z.object({ items: z.array(InvoiceSchema), total: z.number().int() }),
);

export type ListInvoicesRequest = RequestOf<typeof ListInvoices>;
export type ListInvoicesResponse = ResponseOf<typeof ListInvoices>;
