import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IdSchema, Issuance } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { IdPipe } from '../http/id.pipe';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const uuid = new IdPipe();
/** An instant, or a day (its start, UTC). */
const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'an ISO 8601 instant (2026-12-07T09:00:00Z) or day (2026-12-07)' });
const ListQuery = z.object({
  organisationId: IdSchema.optional(),
  status: Issuance.CertificateRequestStatusSchema.optional(),
  /** who asked: an admin id, or acme-account:<id> */
  requestedBy: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/, 'an admin id, or acme-account:<id>')
    .optional(),
  departmentId: IdSchema.optional(),
  /** a name asked for: part of one (nameMatch=contains, the default) or one exactly (nameMatch=exact); case does not matter */
  name: z
    .string()
    .toLowerCase()
    .regex(/^[a-z0-9.*@+-]{1,253}$/, 'a DNS name or part of one: letters, digits, ".", "-", "*"')
    .optional(),
  nameMatch: z.enum(['contains', 'exact']).default('contains'),
  /** requested at or after */
  requestedFrom: Instant.optional(),
  /** requested before */
  requestedTo: Instant.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const DeclineBody = z.strictObject({
  /** why: the requester sees it in the request and the listing */
  reason: z.string().trim().min(1).max(1000),
});
const SettingsBody = z.strictObject({
  /** requests by MRAOs and the organisation's RAOs wait for an approver (default false) */
  raoRequestsNeedApproval: z.boolean(),
  /** requests by DRAOs wait for an approver (default true) */
  draoRequestsNeedApproval: z.boolean(),
  /** an MRAO's or RAO's own request that needs approval passes at once when they hold approve-ssl for it (default false) */
  autoApprove: z.boolean(),
});

const REQUEST_STATUSES = 'requested (held, or on its way), approved, issued, declined, refused, failed';

@ApiTags('certificate requests')
@ApiBearerAuth()
@Controller('api/v1/certificate-requests')
export class CertificateRequestsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('signed-in')
  @Get()
  @ApiDoc({
    summary: 'List certificate requests',
    description:
      `Every request in the caller's scope (MRAO: all; RAO: its organisations; DRAO: its departments), whatever became of it: ${REQUEST_STATUSES}. ` +
      'Refused, declined and failed requests show who asked, when, for which names, and why (code and reason). Newest first (requestedAt, then id), paged on the server. ' +
      'Filters: status, requestedBy, organisationId, departmentId, name (contains; nameMatch=exact for one name exactly), requestedFrom (inclusive) and requestedTo (exclusive). ' +
      'An unknown, repeated or malformed parameter is refused with 400 naming it.',
    returns: Issuance.ListCertificateRequests,
  })
  @ApiQuery({ name: 'status', required: false, enum: Issuance.CertificateRequestStatusSchema.options })
  @ApiQuery({ name: 'requestedBy', required: false, description: 'an admin id, or acme-account:<id>' })
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'departmentId', required: false })
  @ApiQuery({ name: 'name', required: false, description: 'a name asked for, or part of one (case does not matter)' })
  @ApiQuery({ name: 'nameMatch', required: false, enum: ['contains', 'exact'], description: 'default contains' })
  @ApiQuery({ name: 'requestedFrom', required: false, description: 'ISO 8601 instant or day: requested at or after' })
  @ApiQuery({ name: 'requestedTo', required: false, description: 'ISO 8601 instant or day: requested before' })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  list(@CurrentActor() actor: Actor, @Query(new ZodPipe(ListQuery, 'query')) query: z.infer<typeof ListQuery>) {
    return this.bus.send(Issuance.ListCertificateRequests, { actor, ...query });
  }

  @Access('department')
  @Get(':requestId')
  @ApiDoc({
    summary: 'A certificate request',
    description: 'What a 202 answer to POST /api/v1/certificates points at (Location). Out of scope: 404.',
    returns: Issuance.ViewCertificateRequest,
  })
  get(@CurrentActor() actor: Actor, @Param('requestId', uuid) requestId: string) {
    return this.bus.send(Issuance.ViewCertificateRequest, { actor, requestId });
  }

  @Access('department')
  @Post(':requestId/approve')
  @ApiDoc({
    summary: 'Approve a held certificate request',
    description:
      "Needs approve-ssl in the request's scope (out of scope: 404; without the privilege: 403 PRIVILEGE_MISSING). Your own request only when the organisation's approval policy has autoApprove on and an MRAO or RAO grant of yours holds approve-ssl for it (otherwise 403 SELF_APPROVAL_NOT_ALLOWED). " +
      'The names are checked again; then the request is issued like any other: a unit reserved, confirmed, signed. Answers with the certificate. A rule that refuses it now (a lapsed validation, the allowance spent) ends it as refused (422 with the code).',
    returns: Issuance.ApproveCertificateRequest,
    problems: {
      403: 'PRIVILEGE_MISSING or SELF_APPROVAL_NOT_ALLOWED.',
      409: 'REQUEST_NOT_AWAITING_APPROVAL: approved, declined or ended already.',
      422: 'Refused by a rule at approval: the request ends refused (the code says which).',
    },
  })
  approve(@CurrentActor() actor: Actor, @Param('requestId', uuid) requestId: string) {
    return this.bus.send(Issuance.ApproveCertificateRequest, { actor, requestId });
  }

  @Access('department')
  @Post(':requestId/decline')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Decline a held certificate request',
    description: "Needs approve-ssl in the request's scope. The reason is shown to the requester. Nothing was reserved or counted. Answers with the request (status declined).",
    returns: Issuance.DeclineCertificateRequest,
    problems: { 403: 'PRIVILEGE_MISSING.', 409: 'REQUEST_NOT_AWAITING_APPROVAL.' },
  })
  @ApiBody({ schema: jsonSchema(DeclineBody) })
  decline(@CurrentActor() actor: Actor, @Param('requestId', uuid) requestId: string, @Body(new ZodPipe(DeclineBody)) body: z.infer<typeof DeclineBody>) {
    return this.bus.send(Issuance.DeclineCertificateRequest, { actor, requestId, reason: body.reason });
  }
}

const POLICY =
  'Whether manual certificate requests wait for an approver (an admin with approve-ssl in their scope), by who asks: raoRequestsNeedApproval (MRAOs and RAOs; default false) and draoRequestsNeedApproval (DRAOs; default true); ' +
  "autoApprove (default false): an MRAO's or RAO's own request that needs approval passes at once when they hold approve-ssl for it. ACME requests are never held. A department may have settings of its own. " +
  "Who may change it: the operator (MRAO) and the organisation's RAOs; a DRAO is refused (403).";

@ApiTags('certificate requests')
@ApiBearerAuth()
@Controller('api/v1/organisations/:organisationId')
export class RequestPolicyHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('org', { drao: 'read' })
  @Get('request-policy')
  @ApiDoc({
    summary: "The organisation's approval policy for certificate requests",
    description: `${POLICY} A DRAO sees it with its own departments only.`,
    returns: Issuance.GetRequestPolicy,
  })
  policy(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string) {
    return this.bus.send(Issuance.GetRequestPolicy, { actor, organisationId });
  }

  @Access('org', { drao: 'forbidden' })
  @Put('request-policy')
  @ApiDoc({
    summary: "Set the organisation's approval policy",
    description: `${POLICY} All three settings are sent; the same settings again change nothing.`,
    returns: Issuance.SetRequestPolicy,
    problems: { 403: 'FORBIDDEN: a DRAO of the organisation.' },
  })
  @ApiBody({ schema: jsonSchema(SettingsBody) })
  setPolicy(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Body(new ZodPipe(SettingsBody)) settings: z.infer<typeof SettingsBody>) {
    return this.bus.send(Issuance.SetRequestPolicy, { actor, organisationId, settings });
  }

  @Access('department')
  @Get('departments/:departmentId/request-policy')
  @ApiDoc({
    summary: "The approval policy a department's requests follow",
    description: `${POLICY} inherited: true when the department follows the organisation's.`,
    returns: Issuance.GetDepartmentRequestPolicy,
  })
  departmentPolicy(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Param('departmentId', uuid) departmentId: string) {
    return this.bus.send(Issuance.GetDepartmentRequestPolicy, { actor, organisationId, departmentId });
  }

  @Access('org', { drao: 'forbidden' })
  @Put('departments/:departmentId/request-policy')
  @ApiDoc({
    summary: 'Give a department approval settings of its own',
    description: POLICY,
    returns: Issuance.SetDepartmentRequestPolicy,
    problems: { 403: 'FORBIDDEN: a DRAO.' },
  })
  @ApiBody({ schema: jsonSchema(SettingsBody) })
  setDepartmentPolicy(
    @CurrentActor() actor: Actor,
    @Param('organisationId', uuid) organisationId: string,
    @Param('departmentId', uuid) departmentId: string,
    @Body(new ZodPipe(SettingsBody)) settings: z.infer<typeof SettingsBody>,
  ) {
    return this.bus.send(Issuance.SetDepartmentRequestPolicy, { actor, organisationId, departmentId, settings });
  }

  @Access('org', { drao: 'forbidden' })
  @Delete('departments/:departmentId/request-policy')
  @ApiDoc({
    summary: "Make a department follow the organisation's approval policy again",
    description: POLICY,
    returns: Issuance.SetDepartmentRequestPolicy,
    problems: { 403: 'FORBIDDEN: a DRAO.' },
  })
  clearDepartmentPolicy(@CurrentActor() actor: Actor, @Param('organisationId', uuid) organisationId: string, @Param('departmentId', uuid) departmentId: string) {
    return this.bus.send(Issuance.SetDepartmentRequestPolicy, { actor, organisationId, departmentId, settings: null });
  }
}
