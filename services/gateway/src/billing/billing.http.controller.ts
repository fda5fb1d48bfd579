import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Billing, IdSchema } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { toCsv } from './csv';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const UpgradeBody = z.object({ usageClass: Billing.UsageClassSchema });
const RenewBody = z.object({ poNumber: Billing.PoNumberSchema, usageClass: Billing.UsageClassSchema.optional() });
const PurchaseOrderBody = z.object({ poNumber: Billing.PoNumberSchema, invoiceNumber: z.string().max(40).optional() });
const InvoiceQuery = z.object({
  organisationId: IdSchema.optional(),
  status: z.enum(['awaiting-po', 'issued']).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const RenewalLink = z.string().regex(/^[0-9a-f-]{36}\.[\w-]{10,60}$/);
const uuid = new IdPipe();

const INVOICE_COLUMNS = ['invoiceNumber', 'organisationId', 'raisedAt', 'termStart', 'reason', 'poNumber', 'status', 'totalPence', 'lines'] as const;

/** Upgrades, renewals, purchase orders of one organisation's subscription. */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/subscription')
export class SubscriptionTermsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org')
  @Post('upgrade')
  @ApiBody({ schema: jsonSchema(UpgradeBody) })
  @ApiDoc({
    summary: 'Upgrade to a higher usage class (raises a pro-rata invoice)',
    returns: Billing.UpgradeSubscription,
    problems: {
      404: 'SUBSCRIPTION_NOT_FOUND.',
      422: 'ALREADY_ON_USAGE_CLASS, DOWNGRADE_NOT_ALLOWED, SUBSCRIPTION_SUSPENDED (provide the PO first), SUBSCRIPTION_NOT_IN_TERM.',
    },
  })
  upgrade(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(UpgradeBody)) body: z.infer<typeof UpgradeBody>) {
    return this.bus.send(Billing.UpgradeSubscription, { actor, organisationId, usageClass: body.usageClass });
  }

  @Access('org')
  @Post('renewal')
  @ApiBody({ schema: jsonSchema(RenewBody) })
  @ApiDoc({
    summary: 'Renew for the next term with a PO number',
    description: 'A term renewed already is not renewed twice: the answer says who renewed it and when.',
    returns: Billing.RenewSubscription,
    problems: { 404: 'SUBSCRIPTION_NOT_FOUND.' },
  })
  renew(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(RenewBody)) body: z.infer<typeof RenewBody>) {
    return this.bus.send(Billing.RenewSubscription, { actor, organisationId, ...body });
  }

  @Access('org')
  @Post('purchase-order')
  @ApiBody({ schema: jsonSchema(PurchaseOrderBody) })
  @ApiDoc({
    summary: 'Provide the PO number an invoice awaits (lifts a suspension)',
    returns: Billing.ProvidePurchaseOrder,
    problems: { 404: 'SUBSCRIPTION_NOT_FOUND, INVOICE_NOT_FOUND.', 409: 'NO_INVOICE_AWAITING_PO.' },
  })
  purchaseOrder(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(PurchaseOrderBody)) body: z.infer<typeof PurchaseOrderBody>,
  ) {
    return this.bus.send(Billing.ProvidePurchaseOrder, { actor, organisationId, ...body });
  }
}

/** The reminder e-mail's link: signed-in RAOs of the organisation open it and renew through it. */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('api/v1/renewals/:renewalLink')
export class RenewalLinksHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('capability')
  @Get()
  @ApiDoc({
    summary: 'Open a renewal link from the reminder e-mail',
    returns: Billing.GetRenewalLink,
    problems: { 404: 'RENEWAL_LINK_INVALID: unknown, or not for the caller.' },
  })
  open(@CurrentActor() actor: Actor, @Param('renewalLink', new ZodPipe(RenewalLink, 'param')) renewalLink: string) {
    return this.bus.send(Billing.GetRenewalLink, { actor, renewalLink });
  }

  @Access('capability')
  @Post()
  @ApiBody({ schema: jsonSchema(RenewBody) })
  @ApiDoc({
    summary: 'Renew through a renewal link',
    description: 'Works once per term: when another RAO renewed already, the answer says who and when.',
    returns: Billing.RenewSubscription,
    problems: { 404: 'RENEWAL_LINK_INVALID.' },
  })
  renew(
    @CurrentActor() actor: Actor,
    @Param('renewalLink', new ZodPipe(RenewalLink, 'param')) renewalLink: string,
    @Body(new ZodPipe(RenewBody)) body: z.infer<typeof RenewBody>,
  ) {
    return this.bus.send(Billing.RenewSubscription, { actor, renewalLink, ...body });
  }
}

@ApiTags('invoices')
@ApiBearerAuth()
@Controller('api/v1/invoices')
export class InvoicesHttpController {
  constructor(private readonly bus: BusClient) {}

  /** `format=csv` exports the same rows for finance (amounts in pence, lines as JSON). */
  @Access('signed-in')
  @Get()
  @ApiDoc({
    summary: 'List invoices in the caller\'s scope (JSON, or CSV for finance)',
    returns: Billing.ListInvoices,
    media: { 'text/csv': { type: 'string', description: 'format=csv: one row per invoice, amounts in pence, lines as JSON' } },
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(InvoiceQuery, 'query')) query: z.infer<typeof InvoiceQuery>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { format, ...filters } = query;
    const invoices = await this.bus.send(Billing.ListInvoices, { actor, ...filters });
    if (format === 'json') return invoices;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="invoices.csv"');
    return toCsv(INVOICE_COLUMNS, invoices.items.map((i) => ({ ...i, lines: JSON.stringify(i.lines) })));
  }
}
