import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
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
const UpdateOrganisationBody = z
  .strictObject({ name: Identity.OrganisationNameSchema.optional(), member: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.member !== undefined, { message: 'give a new name, a member flag or both' });
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const ListQuery = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  member: flag.optional(),
  subscription: Identity.SubscriptionStateSchema.optional(),
  validation: Identity.ValidationStateSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
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

  @Access('signed-in')
  @Get()
  @ApiDoc({
    summary: 'List and search organisations',
    description:
      'Ordered by name, filtered, then paged. The operator (MRAO) sees every organisation; an RAO or DRAO only its own. Each row carries the member flag, the subscription state and the validation (OV) state; total counts every row that matches the filters.',
    returns: Identity.ListOrganisations,
  })
  @ApiQuery({ name: 'name', required: false, description: 'a part of the name, any case', schema: { type: 'string', minLength: 1, maxLength: 64 } })
  @ApiQuery({ name: 'member', required: false, description: 'the member flag', schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiQuery({ name: 'subscription', required: false, description: 'the subscription state', schema: { type: 'string', enum: [...Identity.SubscriptionStateSchema.options] } })
  @ApiQuery({ name: 'validation', required: false, description: 'the validation (OV vetting) state', schema: { type: 'string', enum: [...Identity.ValidationStateSchema.options] } })
  @ApiQuery({ name: 'page', required: false, description: 'page number, from 1', schema: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, description: 'rows per page', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  list(@CurrentActor() actor: Actor, @Query(new ZodPipe(ListQuery, 'query')) query: z.infer<typeof ListQuery>) {
    return this.bus.send(Identity.ListOrganisations, { actor, ...query });
  }

  @Access('mrao')
  @Patch(':organisationId')
  @ApiBody({ schema: jsonSchema(UpdateOrganisationBody) })
  @ApiDoc({
    summary: 'Rename an organisation or change its member flag',
    description:
      'Operator only. Certificates issued from now on carry the new name (those issued before keep theirs); the next invoice is priced with the member flag then in force. Sending what is already recorded changes nothing.',
    returns: Identity.UpdateOrganisation,
    problems: { 404: 'ORGANISATION_NOT_FOUND.' },
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(UpdateOrganisationBody)) body: z.infer<typeof UpdateOrganisationBody>,
  ) {
    return this.bus.send(Identity.UpdateOrganisation, { actor, organisationId, ...body });
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
