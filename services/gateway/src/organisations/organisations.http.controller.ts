import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Identity } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const CreateOrganisationBody = z.object({ name: Identity.OrganisationNameSchema, member: z.boolean() });
const InviteAdminBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  role: z.literal('RAO'),
});
const uuid = new IdPipe();

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('mrao')
  @Post()
  @ApiBody({ schema: jsonSchema(CreateOrganisationBody) })
  @ApiDoc({ summary: 'Create an organisation (operator)', returns: Identity.CreateOrganisation })
  create(@CurrentActor() actor: Actor, @Body(new ZodPipe(CreateOrganisationBody)) body: z.infer<typeof CreateOrganisationBody>) {
    return this.bus.send(Identity.CreateOrganisation, { actor, ...body });
  }

  @Access('org', { drao: 'read' })
  @Get(':organisationId')
  @ApiDoc({ summary: 'Read an organisation', returns: Identity.GetOrganisation })
  get(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Identity.GetOrganisation, { actor, organisationId });
  }

  @Access('org')
  @Post(':organisationId/admins')
  @ApiBody({ schema: jsonSchema(InviteAdminBody) })
  @ApiDoc({ summary: 'Invite an RAO of the organisation', returns: Identity.InviteAdmin, problems: { 409: 'ADMIN_EXISTS.' } })
  inviteAdmin(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(InviteAdminBody)) body: z.infer<typeof InviteAdminBody>,
  ) {
    return this.bus.send(Identity.InviteAdmin, { actor, organisationId, ...body });
  }
}
