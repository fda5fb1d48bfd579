import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdSchema, Validation } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';

const ReviewBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(1000) }),
]);
const DomainBody = z.object({ domain: Validation.DomainNameSchema });
const CheckBody = z.object({ method: Validation.DcvMethodSchema });
const EmailBody = z.object({ mailbox: Validation.DcvMailboxSchema });
const DelegateBody = z.object({ departmentIds: z.array(IdSchema).min(1).max(100) });
const ConfirmBody = z.object({ token: z.string().min(1).max(512) });
const uuid = new IdPipe();
const domainParam = new ZodPipe(Validation.DomainNameSchema, 'domain in the path');

/** Organisation vetting (RAO submits, MRAO reviews), the EV anchor, and operator assertions. */
@ApiTags('validation')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/validation')
export class ValidationHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org', { drao: 'read' })
  @Get()
  get(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Validation.GetValidation, { actor, organisationId });
  }

  @Access('org')
  @Post('details')
  @ApiBody({ schema: jsonSchema(Validation.OrganisationDetailsSchema) })
  submit(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(Validation.OrganisationDetailsSchema)) details: Validation.OrganisationDetails,
  ) {
    return this.bus.send(Validation.SubmitOrganisationDetails, { actor, organisationId, details });
  }

  @Access('mrao')
  @Post('review')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(ReviewBody) })
  review(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(ReviewBody)) body: z.infer<typeof ReviewBody>) {
    return this.bus.send(Validation.ReviewOrganisationDetails, { actor, organisationId, ...body });
  }

  @Access('org')
  @Post('ev-details')
  @ApiOperation({
    summary: 'Submit EV details for vetting',
    description: 'An admin of the organisation asks for EV: the details wait in the operator\'s vetting queue until an MRAO vets an EV anchor (POST …/validation/ev). A new submission replaces a pending one.',
  })
  @ApiBody({ schema: jsonSchema(Validation.EvAnchorSchema) })
  @ApiResponse({ status: 201, description: 'The organisation\'s validation, with the details as `pendingEv`.' })
  @ApiResponse({ status: 400, description: 'Malformed details, named by field (problem+json).' })
  @ApiResponse({ status: 404, description: 'ORGANISATION_NOT_FOUND: unknown or out of scope (problem+json).' })
  submitEv(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(Validation.EvAnchorSchema)) ev: Validation.EvAnchor,
  ) {
    return this.bus.send(Validation.SubmitEvAnchor, { actor, organisationId, ev });
  }

  @Access('mrao')
  @Post('ev')
  @ApiBody({ schema: jsonSchema(Validation.EvAnchorSchema) })
  vetEv(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Body(new ZodPipe(Validation.EvAnchorSchema)) ev: Validation.EvAnchor,
  ) {
    return this.bus.send(Validation.VetEvAnchor, { actor, organisationId, ev });
  }

  /** The operator's assertion without vetting, for operations; RAOs and MRAOs normally submit and review. */
  @Access('mrao')
  @Post('operator-assertion')
  assert(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Validation.RecordOrganisationValidation, { actor, organisationId });
  }
}

/** Domains: add, prove control (DNS TXT, DNS CNAME, HTTP file, e-mail), delegate to departments. */
@ApiTags('validation')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId/domains')
export class DomainsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org')
  @Post()
  @ApiBody({ schema: jsonSchema(DomainBody) })
  add(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(DomainBody)) body: z.infer<typeof DomainBody>) {
    return this.bus.send(Validation.AddDomain, { actor, organisationId, domain: body.domain });
  }

  @Access('org')
  @Post(':domain/check')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(CheckBody) })
  check(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Param('domain', domainParam) domain: string,
    @Body(new ZodPipe(CheckBody)) body: z.infer<typeof CheckBody>,
  ) {
    return this.bus.send(Validation.CheckDomain, { actor, organisationId, domain, method: body.method });
  }

  @Access('org')
  @Post(':domain/email')
  @HttpCode(202)
  @ApiBody({ schema: jsonSchema(EmailBody) })
  email(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Param('domain', domainParam) domain: string,
    @Body(new ZodPipe(EmailBody)) body: z.infer<typeof EmailBody>,
  ) {
    return this.bus.send(Validation.SendDomainValidationEmail, { actor, organisationId, domain, mailbox: body.mailbox });
  }

  @Access('org')
  @Post(':domain/delegations')
  @ApiBody({ schema: jsonSchema(DelegateBody) })
  delegate(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Param('domain', domainParam) domain: string,
    @Body(new ZodPipe(DelegateBody)) body: z.infer<typeof DelegateBody>,
  ) {
    return this.bus.send(Validation.DelegateDomain, { actor, organisationId, domain, departmentIds: body.departmentIds });
  }

  /** The operator's assertion without a DCV check, for operations and tests. */
  @Access('mrao')
  @Post(':domain/operator-assertion')
  assert(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Param('domain', domainParam) domain: string) {
    return this.bus.send(Validation.RecordDomainValidation, { actor, organisationId, domain });
  }
}

/** The link of a DCV e-mail: whoever reads the mailbox confirms, without an account. */
@ApiTags('validation')
@Controller('api/v1/domain-validations')
export class DomainValidationLinksHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('public')
  @Post('email/confirm')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(ConfirmBody) })
  confirm(@Body(new ZodPipe(ConfirmBody)) body: z.infer<typeof ConfirmBody>) {
    return this.bus.send(Validation.ConfirmDomainValidationEmail, { token: body.token });
  }
}
