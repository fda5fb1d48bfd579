import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { IdSchema, Identity } from '@platform/contracts';
import { type Actor, DomainError } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';
import { LIMITS, RateLimit, RateLimitGuard } from '../auth/rate-limit.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const AddAdminBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  type: z.enum(['standard', 'api']).default('standard'),
  grants: z.array(Identity.GrantInputSchema).min(1).max(20),
});
const GrantsBody = z.object({ grants: z.array(Identity.GrantInputSchema).min(1).max(20) });
const ListQuery = z.object({ organisationId: IdSchema.optional() });
const uuid = new IdPipe();

/** Admins in the caller's scope: add (invitation or API credential), read, suspend, reactivate, delete, change grants. */
@ApiTags('admins')
@ApiBearerAuth()
@Controller('api/v1/admins')
@UseGuards(RateLimitGuard)
export class AdminsHttpController {
  constructor(
    private readonly bus: BusClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Access('department')
  @Post()
  @RateLimit(LIMITS.invitation)
  @ApiBody({ schema: jsonSchema(AddAdminBody) })
  @ApiDoc({
    summary: 'Add an admin (an invitation e-mail, or an API credential)',
    returns: Identity.AddAdmin,
    problems: {
      403: 'PRIVILEGE_MISSING, GRANT_EXCEEDS_YOURS: a grant beyond what the caller holds.',
      409: 'ADMIN_EXISTS: an admin with this e-mail address exists.',
    },
  })
  add(@CurrentActor() actor: Actor, @Body(new ZodPipe(AddAdminBody)) body: z.infer<typeof AddAdminBody>) {
    return this.bus.send(Identity.AddAdmin, { actor, ...body });
  }

  @Access('signed-in')
  @Get()
  @ApiDoc({ summary: 'List the admins in the caller\'s scope', returns: Identity.ListAdmins })
  list(@CurrentActor() actor: Actor, @Query(new ZodPipe(ListQuery, 'query')) query: z.infer<typeof ListQuery>) {
    return this.bus.send(Identity.ListAdmins, { actor, ...query });
  }

  @Access('department')
  @Get(':adminId')
  @ApiDoc({ summary: 'Read an admin', returns: Identity.GetAdmin })
  get(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.GetAdmin, { actor, adminId });
  }

  /** Who did what to the account and when: creation, invitations, grants, suspensions, sign-ins. */
  @Access('department')
  @Get(':adminId/events')
  @ApiDoc({ summary: 'An admin\'s history: creation, invitations, grants, suspensions, sign-ins', returns: Identity.AdminHistory })
  history(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.AdminHistory, { actor, adminId });
  }

  @Access('department')
  @Post(':adminId/suspend')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Suspend an admin (its tokens stop working within seconds)',
    returns: Identity.ChangeAdminStatus,
    problems: { 403: 'SELF_MANAGEMENT (not one\'s own account), ADMIN_OUTRANKS_YOU, PRIVILEGE_MISSING.' },
  })
  suspend(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.ChangeAdminStatus, { actor, adminId, action: 'suspend' });
  }

  @Access('department')
  @Post(':adminId/reactivate')
  @HttpCode(200)
  @ApiDoc({ summary: 'Reactivate a suspended admin', returns: Identity.ChangeAdminStatus, problems: { 403: 'SELF_MANAGEMENT, ADMIN_OUTRANKS_YOU, PRIVILEGE_MISSING.' } })
  reactivate(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.ChangeAdminStatus, { actor, adminId, action: 'reactivate' });
  }

  @Access('department')
  @Delete(':adminId')
  @ApiDoc({ summary: 'Delete an admin', returns: Identity.ChangeAdminStatus, problems: { 403: 'SELF_MANAGEMENT, ADMIN_OUTRANKS_YOU, PRIVILEGE_MISSING.' } })
  remove(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.ChangeAdminStatus, { actor, adminId, action: 'delete' });
  }

  @Access('department')
  @Put(':adminId/grants')
  @ApiBody({ schema: jsonSchema(GrantsBody) })
  @ApiDoc({
    summary: 'Replace an admin\'s grants',
    returns: Identity.ChangeGrants,
    problems: { 403: 'SELF_MANAGEMENT, PRIVILEGE_MISSING, GRANT_EXCEEDS_YOURS, ADMIN_OUTRANKS_YOU.' },
  })
  changeGrants(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string, @Body(new ZodPipe(GrantsBody)) body: z.infer<typeof GrantsBody>) {
    return this.bus.send(Identity.ChangeGrants, { actor, adminId, grants: body.grants });
  }

  /** A fresh password link for an admin who has not set one yet (the previous link stops working). */
  @Access('department')
  @Post(':adminId/invitation')
  @RateLimit(LIMITS.invitation)
  @ApiDoc({
    summary: 'Send a fresh invitation (password link) to an admin who has not set a password',
    returns: Identity.ReinviteAdmin,
    problems: { 409: 'ADMIN_NOT_INVITED: the password is set already.', 422: 'ADMIN_IS_API: API admins have no password.' },
  })
  reinvite(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    return this.bus.send(Identity.ReinviteAdmin, { actor, adminId });
  }

  /** Sends the account a link that binds an OpenID Connect identity to it (another admin's action, never one's own). */
  @Access('department')
  @Post(':adminId/idp-invitation')
  @RateLimit(LIMITS.invitation)
  @ApiDoc({
    summary: 'Send an admin an IdP invitation (binds an OpenID Connect identity to the account)',
    description: 'Takes no body (none, or {}). Refused while no identity provider is configured.',
    returns: Identity.InviteToIdp,
    problems: {
      403: 'SELF_MANAGEMENT: another admin sends it; PRIVILEGE_MISSING.',
      409: 'IDP_NOT_CONFIGURED: no identity provider is configured (the operator sets OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); IDP_ALREADY_BOUND.',
      422: 'ADMIN_IS_API, ADMIN_SUSPENDED.',
    },
  })
  async idpInvitation(@CurrentActor() actor: Actor, @Param('adminId', uuid) adminId: string) {
    if (!this.config.oidc) {
      // The gateway runs the OpenID Connect flow, so it knows there is none; the account is read first
      // so that one out of the caller's scope is still 404, as with an IdP.
      await this.bus.send(Identity.GetAdmin, { actor, adminId });
      throw new DomainError(
        'IDP_NOT_CONFIGURED',
        'conflict',
        'No identity provider is configured, so an IdP invitation could not be followed: the operator sets OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET first.',
      );
    }
    return this.bus.send(Identity.InviteToIdp, { actor, adminId });
  }
}
