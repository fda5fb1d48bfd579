import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiParam, ApiTags } from '@nestjs/swagger';
import { Acme, CertificateFamilySchema, IdSchema } from '@platform/contracts';
import { type Actor, DomainError } from '@platform/kernel';
import type { PipeTransform } from '@nestjs/common';
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
  /** ov (default) or ev: what its account gets when an order names no ACME profile */
  family: CertificateFamilySchema.optional(),
});

const ListBindingsQuery = z.object({ organisationId: IdSchema });

/** A binding's key id as the platform makes it: 16 random bytes in base64url (22 characters). */
const KEY_ID = /^[\w-]{1,64}$/;
class KeyIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && KEY_ID.test(value)) return value;
    const message = 'must be a binding key id as the portal showed it: letters, digits, "-" and "_", at most 64';
    throw new DomainError('VALIDATION_FAILED', 'invalid', `The path parameter keyId is not valid: ${message}.`, { errors: [{ path: 'keyId', message }] });
  }
}

/**
 * ACME External Account Bindings for the portal: the reply to a creation holds the HMAC key, shown
 * this once (the gateway's no-store header keeps it out of caches); listings never show it.
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
    problems: {
      404: 'ORGANISATION_NOT_FOUND, DEPARTMENT_NOT_FOUND.',
      409: 'ACME_BINDING_EXISTS.',
      422: "EV_ANCHOR_MISSING: an EV binding needs the organisation's vetted EV details.",
    },
  })
  create(@CurrentActor() actor: Actor, @Body(new ZodPipe(CreateBindingBody)) body: z.infer<typeof CreateBindingBody>) {
    return this.bus.send(Acme.CreateAccountBinding, { actor, ...body });
  }

  @Get()
  @Access('org', { drao: 'read' })
  @ApiDoc({
    summary: "List the organisation's ACME bindings: label, family, who created it, its account and when it was last used",
    description: 'Newest first; a DRAO sees those of its departments where it holds manage-acme.',
    returns: Acme.ListAccountBindings,
    problems: { 404: 'ORGANISATION_NOT_FOUND: no such organisation in the caller\'s scope.' },
  })
  list(@CurrentActor() actor: Actor, @Query(new ZodPipe(ListBindingsQuery, 'query')) query: z.infer<typeof ListBindingsQuery>) {
    return this.bus.send(Acme.ListAccountBindings, { actor, organisationId: query.organisationId });
  }

  @Post(':keyId/disable')
  @Access('department')
  @ApiParam({ name: 'keyId', description: "The binding's key id, as the portal showed it." })
  @ApiDoc({
    summary: 'Disable a binding for good: it registers no account, and its account is deactivated',
    description: 'Disabling it again answers the same.',
    returns: Acme.DisableAccountBinding,
    problems: { 404: "ACME_BINDING_NOT_FOUND: no such binding in the caller's scope." },
  })
  disable(@CurrentActor() actor: Actor, @Param('keyId', new KeyIdPipe()) keyId: string) {
    return this.bus.send(Acme.DisableAccountBinding, { actor, keyId });
  }
}
