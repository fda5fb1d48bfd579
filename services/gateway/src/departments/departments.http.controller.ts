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

const CreateDepartmentBody = z.object({ name: z.string().trim().min(1).max(200) });
const uuid = new IdPipe();

@ApiTags('departments')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/departments')
export class DepartmentsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org')
  @Post()
  @ApiBody({ schema: jsonSchema(CreateDepartmentBody) })
  @ApiDoc({
    summary: 'Create a department',
    returns: Identity.CreateDepartment,
    problems: { 409: 'DEPARTMENT_EXISTS: a department of this name exists.' },
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(CreateDepartmentBody)) body: z.infer<typeof CreateDepartmentBody>,
  ) {
    return this.bus.send(Identity.CreateDepartment, { actor, organisationId, name: body.name });
  }

  /** A DRAO sees only its own departments. */
  @Access('org', { drao: 'read' })
  @Get()
  @ApiDoc({ summary: 'List the organisation\'s departments (a DRAO: its own)', returns: Identity.ListDepartments })
  list(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Identity.ListDepartments, { actor, organisationId });
  }
}
