import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Notifications } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { IdPipe } from '../http/id.pipe';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const id = new IdPipe();
const RegisterBody = z.object({
  /** an https URL of a public host */
  url: z.string().min(1).max(2000),
  eventTypes: z.array(Notifications.WebhookEventTypeSchema).min(1).max(20),
});
const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });


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
  @ApiBody({ schema: jsonSchema(RegisterBody) })
  @ApiDoc({
    summary: 'Register an HTTPS endpoint for certificate and subscription events; the answer holds its signing secret, shown once',
    returns: Notifications.RegisterWebhook,
    problems: {
      403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".',
      422: 'WEBHOOK_URL_INVALID (not an absolute https URL) or WEBHOOK_URL_PRIVATE (a loopback, private or special-purpose address).',
    },
  })
  register(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Body(new ZodPipe(RegisterBody)) body: z.infer<typeof RegisterBody>) {
    return this.bus.send(Notifications.RegisterWebhook, { actor, organisationId, ...body });
  }

  @Access('org')
  @Get()
  @ApiDoc({ summary: "List the organisation's webhooks (without their secrets)", returns: Notifications.ListWebhooks, problems: { 403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".' } })
  list(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string) {
    return this.bus.send(Notifications.ListWebhooks, { actor, organisationId });
  }

  @Access('org')
  @Post(':webhookId/disable')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Disable a webhook: no more deliveries, pending retries cancelled; it stays listed with its deliveries',
    returns: Notifications.DisableWebhook,
    problems: { 403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".', 404: 'WEBHOOK_NOT_FOUND.' },
  })
  disable(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Param('webhookId', id) webhookId: string) {
    return this.bus.send(Notifications.DisableWebhook, { actor, organisationId, webhookId });
  }

  @Access('org')
  @Delete(':webhookId')
  @ApiDoc({
    summary: 'Delete a webhook: no more deliveries, not listed',
    returns: Notifications.DeleteWebhook,
    problems: { 403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".', 404: 'WEBHOOK_NOT_FOUND.' },
  })
  remove(@CurrentActor() actor: Actor, @Param('organisationId', id) organisationId: string, @Param('webhookId', id) webhookId: string) {
    return this.bus.send(Notifications.DeleteWebhook, { actor, organisationId, webhookId });
  }

  @Access('org')
  @Get(':webhookId/deliveries')
  @ApiQuery({ name: 'limit', required: false, description: 'how many deliveries (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiDoc({
    summary: "A webhook's deliveries, newest first, each with its attempts (status code, error, duration) and next attempt",
    returns: Notifications.ListWebhookDeliveries,
    problems: { 403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".', 404: 'WEBHOOK_NOT_FOUND.' },
  })
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
  @ApiDoc({
    summary: 'Send a finished delivery again now (same webhook-id and body), with the retry schedule anew',
    returns: Notifications.ReplayWebhookDelivery,
    problems: {
      403: 'PRIVILEGE_MISSING: an RAO without "manage-subscription".',
      404: 'WEBHOOK_NOT_FOUND, WEBHOOK_DELIVERY_NOT_FOUND.',
      409: 'WEBHOOK_DELIVERY_PENDING (still being attempted) or WEBHOOK_DISABLED.',
    },
  })
  replay(
    @CurrentActor() actor: Actor,
    @Param('organisationId', id) organisationId: string,
    @Param('webhookId', id) webhookId: string,
    @Param('deliveryId', id) deliveryId: string,
  ) {
    return this.bus.send(Notifications.ReplayWebhookDelivery, { actor, organisationId, webhookId, deliveryId });
  }
}
