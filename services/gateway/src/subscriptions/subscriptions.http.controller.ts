import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Billing } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const StartSubscriptionBody = z.object({
  usageClass: Billing.UsageClassSchema,
  startsOn: z.iso.date().optional(),
  /** the customer's purchase order number for the first term's invoice; may follow later */
  poNumber: Billing.PoNumberSchema.optional(),
});
const uuid = new IdPipe();

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/subscription')
export class SubscriptionsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('mrao')
  @Post()
  @ApiBody({ schema: jsonSchema(StartSubscriptionBody) })
  @ApiDoc({
    summary: 'Start the organisation\'s subscription (operator)',
    returns: Billing.StartSubscription,
    problems: { 409: 'SUBSCRIPTION_EXISTS.' },
  })
  start(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(StartSubscriptionBody)) body: z.infer<typeof StartSubscriptionBody>,
  ) {
    return this.bus.send(Billing.StartSubscription, { actor, organisationId, ...body });
  }

  @Access('org', { drao: 'read' })
  @Get()
  @ApiDoc({
    summary: 'Read the subscription: usage class, allowance, tally, status',
    description: 'RAOs and MRAOs; a DRAO of the organisation with the view-reports privilege (without it: 403 PRIVILEGE_MISSING naming it).',
    returns: Billing.GetSubscription,
    problems: {
      403: 'PRIVILEGE_MISSING: a DRAO without view-reports (`privilege` names it).',
      404: 'SUBSCRIPTION_NOT_FOUND: none, or outside the caller\'s scope.',
    },
  })
  get(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Billing.GetSubscription, { actor, organisationId });
  }

  /** Every tally, refund and change, in order, with who and when. */
  @Access('org')
  @Get('events')
  @ApiDoc({
    summary: 'The subscription\'s history: every tally, refund and change',
    returns: Billing.SubscriptionHistory,
    problems: { 404: 'SUBSCRIPTION_NOT_FOUND.' },
  })
  history(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Billing.SubscriptionHistory, { actor, organisationId });
  }
}
