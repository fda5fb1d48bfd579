import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Billing, IdSchema } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe } from '../http/zod-body.pipe';
import { toCsv } from './csv';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const UsageQuery = z.object({
  termStart: z.iso.date().optional().describe('Only the term that starts on this date (default: every term).'),
  format: z.enum(['json', 'csv']).default('json'),
});
const AsOfQuery = z.object({ at: z.iso.datetime({ offset: true }).describe('The instant (ISO 8601 with offset).') });
const ReconcileQuery = z.object({ organisationId: IdSchema.optional() });
const SubscriptionsQuery = z.object({
  view: z.enum(['all', 'renewals-due', 'awaiting-po', 'suspended']).default('all').describe('Which subscriptions.'),
  withinDays: z.coerce.number().int().min(0).max(3660).default(90).describe('renewals-due: terms ending within this many days.'),
});
const uuid = new IdPipe();

const USAGE_COLUMNS = ['termStart', 'at', 'kind', 'certificateId', 'daysSinceIssuance', 'fromClass', 'usageClass', 'amountPence', 'invoiceNumber', 'poNumber', 'automatic', 'actor'] as const;

/** Finance: usage per term (JSON or CSV) and the subscription as it stood at an instant. RAOs in scope and MRAOs. */
@ApiTags('finance')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/subscription')
export class SubscriptionFinanceHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org')
  @Get('usage')
  @ApiDoc({
    summary: 'Usage per term: every tally, refund, upgrade and renewal (JSON or CSV)',
    returns: Billing.UsageHistory,
    media: { 'text/csv': { type: 'string', description: 'format=csv: one row per entry' } },
    problems: { 404: 'SUBSCRIPTION_NOT_FOUND.' },
  })
  async usage(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Query(new ZodPipe(UsageQuery, 'query')) query: z.infer<typeof UsageQuery>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const history = await this.bus.send(Billing.UsageHistory, { actor, organisationId, termStart: query.termStart });
    if (query.format === 'json') return history;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="usage.csv"');
    return toCsv(USAGE_COLUMNS, history.terms.flatMap((t) => t.entries));
  }

  @Access('org')
  @Get('as-of')
  @ApiDoc({
    summary: 'The subscription as it stood at an instant',
    returns: Billing.SubscriptionAsOf,
    problems: { 404: 'SUBSCRIPTION_NOT_FOUND: none at that instant.' },
  })
  asOf(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Query(new ZodPipe(AsOfQuery, 'query')) query: z.infer<typeof AsOfQuery>) {
    return this.bus.send(Billing.SubscriptionAsOf, { actor, organisationId, at: query.at });
  }
}

/** Operator (MRAO) views across organisations. */
@ApiTags('finance')
@ApiBearerAuth()
@Controller('api/v1/billing')
export class BillingOperatorHttpController {
  constructor(private readonly bus: BusClient) {}

  /** Each term's tally against issued minus refunded certificates according to issuance. */
  @Access('mrao')
  @Get('reconciliation')
  @ApiDoc({ summary: 'Reconcile each term\'s tally with the certificates issuance counts (operator)', returns: Billing.Reconcile })
  reconcile(@CurrentActor() actor: Actor, @Query(new ZodPipe(ReconcileQuery, 'query')) query: z.infer<typeof ReconcileQuery>) {
    return this.bus.send(Billing.Reconcile, { actor, ...query });
  }

  /** `view`: all, renewals-due (within `withinDays`, not renewed yet), awaiting-po, suspended. */
  @Access('mrao')
  @Get('subscriptions')
  @ApiDoc({ summary: 'List subscriptions: all, renewals due, awaiting a PO, suspended (operator)', returns: Billing.ListSubscriptions })
  subscriptions(@CurrentActor() actor: Actor, @Query(new ZodPipe(SubscriptionsQuery, 'query')) query: z.infer<typeof SubscriptionsQuery>) {
    return this.bus.send(Billing.ListSubscriptions, { actor, ...query });
  }
}
