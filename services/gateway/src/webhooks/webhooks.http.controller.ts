import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Notifications } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { IdPipe } from '../http/id.pipe';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';

const id = new IdPipe();
const RegisterBody = z.object({
  /** an https URL of a public host */
  url: z.string().min(1).max(2000),
  eventTypes: z.array(Notifications.WebhookEventTypeSchema).min(1).max(20),
});
const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const PROBLEMS = [
  { status: 400, description: 'VALIDATION_FAILED: a malformed id, body or parameter (problem+json naming the field)' },
  { status: 401, description: 'UNAUTHENTICATED (problem+json)' },
  { status: 403, description: 'PRIVILEGE_MISSING: an RAO without "manage-subscription" (problem+json)' },
  { status: 404, description: 'ORGANISATION_NOT_FOUND, WEBHOOK_NOT_FOUND, WEBHOOK_DELIVERY_NOT_FOUND: absent or outside the caller\'s scope (problem+json)' },
];
const Problems = () => applyDecorators(...PROBLEMS.map((p) => ApiResponse(p)));

/**
 * An organisation's webhook endpoints: certificate and subscription events, signed as Standard
 * Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). RAOs with "manage-subscription"
 * and MRAOs; the signing secret is in the registration's answer only.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/webhooks')
export class WebhooksHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org')
  @Post()
  @ApiOperation({ summary: 'Register an HTTPS endpoint for certificate and subscription events; the answer holds its signing secret, shown once' })
  @ApiBody({ schema: jsonSchema(RegisterBody) })
  @ApiResponse({ status: 201, description: 'the webhook, with `secret` (whsec_…): keep it, it is not shown again' })
  @ApiResponse({ status: 422, description: 'WEBHOOK_URL_INVALID (not an absolute https URL) or WEBHOOK_URL_PRIVATE (a loopback, private or special-purpose address) (problem+json)' })
  @Problems()
  register(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Body(new ZodPipe(RegisterBody)) body: z.infer<typeof RegisterBody>) {
    return this.bus.send(Notifications.RegisterWebhook, { actor, organisationId, ...body });
  }

  @Access('org')
  @Get()
  @ApiOperation({ summary: "List the organisation's webhooks (without their secrets)" })
  @ApiResponse({ status: 200, description: '{ items: webhooks }' })
  @Problems()
  list(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string) {
    return this.bus.send(Notifications.ListWebhooks, { actor, organisationId });
  }

  @Access('org')
  @Post(':webhookId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a webhook: no more deliveries, pending retries cancelled; it stays listed with its deliveries' })
  @ApiResponse({ status: 200, description: 'the webhook, disabled' })
  @Problems()
  disable(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Param('webhookId', id) webhookId: string) {
    return this.bus.send(Notifications.DisableWebhook, { actor, organisationId, webhookId });
  }

  @Access('org')
  @Delete(':webhookId')
  @ApiOperation({ summary: 'Delete a webhook: no more deliveries, not listed' })
  @ApiResponse({ status: 200, description: '{ ok: true }' })
  @Problems()
  remove(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Param('webhookId', id) webhookId: string) {
    return this.bus.send(Notifications.DeleteWebhook, { actor, organisationId, webhookId });
  }

  @Access('org')
  @Get(':webhookId/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries, newest first, each with its attempts (status code, error, duration) and next attempt" })
  @ApiQuery({ name: 'limit', required: false, description: 'how many deliveries (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiResponse({ status: 200, description: '{ items: deliveries }' })
  @Problems()
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('organisationId', id) organisationId: string,
    @Param('webhookId', id) webhookId: string,
    @Query(new ZodPipe(DeliveriesQuery, 'query')) query: z.infer<typeof DeliveriesQuery>,
  ) {
    return this.bus.send(Notifications.ListWebhookDeliveries, { actor, organisationId, webhookId, limit: query.limit });
  }

  @Access('org')
  @Post(':webhookId/deliveries/:deliveryId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a finished delivery again now (same webhook-id and body), with the retry schedule anew' })
  @ApiResponse({ status: 200, description: 'the delivery, pending' })
  @ApiResponse({ status: 409, description: 'WEBHOOK_DELIVERY_PENDING (still being attempted) or WEBHOOK_DISABLED (problem+json)' })
  @Problems()
  replay(
    @CurrentActor() actor: Actor,
    @Param('organisationId', id) organisationId: string,
    @Param('webhookId', id) webhookId: string,
    @Param('deliveryId', id) deliveryId: string,
  ) {
    return this.bus.send(Notifications.ReplayWebhookDelivery, { actor, organisationId, webhookId, deliveryId });
  }
}
