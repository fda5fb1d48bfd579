import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Acme, IdSchema } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const CreateBindingBody = z.object({
  organisationId: IdSchema,
  /** a DRAO binds to its department; an RAO may bind the whole organisation or one department */
  departmentId: IdSchema.optional(),
  label: z.string().max(200).optional(),
});

/**
 * ACME External Account Bindings for the portal: the reply holds the HMAC key, shown this once
 * (the gateway's no-store header keeps it out of caches).
 */
@ApiTags('acme')
@ApiBearerAuth()
@Controller('api/v1/acme/bindings')
export class AcmeAccountsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @Access('department')
  @ApiBody({ schema: jsonSchema(CreateBindingBody) })
  @ApiDoc({
    summary: 'Create an ACME External Account Binding (key id and HMAC key, shown once)',
    returns: Acme.CreateAccountBinding,
    problems: { 404: 'ORGANISATION_NOT_FOUND, DEPARTMENT_NOT_FOUND.', 409: 'ACME_BINDING_EXISTS.' },
  })
  create(@CurrentActor() actor: Actor, @Body(new ZodPipe(CreateBindingBody)) body: z.infer<typeof CreateBindingBody>) {
    return this.bus.send(Acme.CreateAccountBinding, { actor, ...body });
  }
}
