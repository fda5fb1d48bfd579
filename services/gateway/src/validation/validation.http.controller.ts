import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { IdSchema, Validation } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

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
  @ApiDoc({
    summary: 'The organisation\'s validation: vetting, EV details, domains (a DRAO: its delegated domains)',
    returns: Validation.GetValidation,
    problems: { 404: 'ORGANISATION_NOT_FOUND.' },
  })
  get(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Validation.GetValidation, { actor, organisationId });
  }

  @Access('org')
  @Post('details')
  @ApiBody({ schema: jsonSchema(Validation.OrganisationDetailsSchema) })
  @ApiDoc({ summary: 'Submit the organisation\'s details for vetting', returns: Validation.SubmitOrganisationDetails })
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
  @ApiDoc({
    summary: 'Approve or reject submitted details (operator)',
    returns: Validation.ReviewOrganisationDetails,
    problems: { 409: 'NO_DETAILS_TO_REVIEW.' },
  })
  review(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(ReviewBody)) body: z.infer<typeof ReviewBody>) {
    return this.bus.send(Validation.ReviewOrganisationDetails, { actor, organisationId, ...body });
  }

  @Access('org')
  @Post('ev-details')
  @ApiBody({ schema: jsonSchema(Validation.EvAnchorSchema) })
  @ApiDoc({
    summary: 'Submit EV details for vetting',
    description:
      "An admin of the organisation asks for EV: the details wait in the operator's vetting queue until an MRAO vets an EV anchor (POST …/validation/ev). A new submission replaces a pending one. Answers the organisation's validation, with the details as `pendingEv`.",
    returns: Validation.SubmitEvAnchor,
    problems: { 404: 'ORGANISATION_NOT_FOUND: unknown or out of scope.' },
  })
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
  @ApiDoc({
    summary: 'Vet the EV details (operator)',
    returns: Validation.VetEvAnchor,
    problems: { 409: 'ORG_NOT_VALIDATED: approve the organisation details first.' },
  })
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
  @ApiDoc({
    summary: 'Record the organisation as validated without vetting (operator)',
    description: 'Takes no body (none, or {}).',
    returns: Validation.RecordOrganisationValidation,
  })
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
  @ApiDoc({
    summary: 'Add a domain and get its validation token',
    description: 'A subdomain of a domain validated by DNS or e-mail (an Authorization Domain Name) shows as validated at once, with `coveredBy`; under an HTTP-file validation (that name only) it needs its own.',
    returns: Validation.AddDomain,
    problems: { 400: 'DOMAIN_NAME_INVALID.' },
  })
  add(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(DomainBody)) body: z.infer<typeof DomainBody>) {
    return this.bus.send(Validation.AddDomain, { actor, organisationId, domain: body.domain });
  }

  @Access('org')
  @Post(':domain/check')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(CheckBody) })
  @ApiDoc({
    summary: 'Check domain control now (DNS TXT, DNS CNAME or HTTP file)',
    returns: Validation.CheckDomain,
    problems: { 404: 'DOMAIN_NOT_ADDED.', 409: 'DCV_TOKEN_EXPIRED, DCV_TOKEN_CHANGED.', 422: 'DCV_CHECK_FAILED: what was found instead.' },
  })
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
  @ApiDoc({
    summary: 'Send a validation e-mail to one of the five admin addresses of the domain',
    returns: Validation.SendDomainValidationEmail,
    problems: { 404: 'DOMAIN_NOT_ADDED.', 429: 'DCV_EMAIL_RATE_LIMITED (with Retry-After).' },
  })
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
  @ApiDoc({
    summary: 'Delegate a validated (or covered) domain to departments',
    returns: Validation.DelegateDomain,
    problems: {
      404: 'DOMAIN_NOT_ADDED, DEPARTMENT_NOT_FOUND.',
      409: 'DOMAIN_NOT_VALIDATED: neither validated itself nor under a domain validated by DNS or e-mail.',
    },
  })
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
  @ApiDoc({
    summary: 'Record a domain as validated without a DCV check (operator)',
    description: 'Takes no body (none, or {}).',
    returns: Validation.RecordDomainValidation,
    problems: { 400: 'DOMAIN_NAME_INVALID.' },
  })
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
  @ApiDoc({
    summary: 'Confirm domain control through the link of a validation e-mail',
    returns: Validation.ConfirmDomainValidationEmail,
    problems: { 409: 'DCV_LINK_USED.', 422: 'DCV_LINK_INVALID, DCV_LINK_EXPIRED.' },
  })
  confirm(@Body(new ZodPipe(ConfirmBody)) body: z.infer<typeof ConfirmBody>) {
    return this.bus.send(Validation.ConfirmDomainValidationEmail, { token: body.token });
  }
}
