import { Body, Controller, Get, Headers, Param, Post, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CertificateTypeSchema, IdSchema, Issuance, RequestMethodSchema } from '@platform/contracts';
import { type Actor, DomainError, isDomainError } from '@platform/kernel';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';
import { toCsv } from '../billing/csv';

/** Printable ASCII, 1-255 characters: an idempotency key as a client may write it (e.g. a UUID). */
const IdempotencyKey = z.string().regex(/^[\x20-\x7e]{1,255}$/, 'printable ASCII, 1 to 255 characters');
const RequestCertificateBody = z.strictObject({
  organisationId: IdSchema,
  /** PKCS#10 in PEM */
  csr: z.string().min(1).max(65_536),
  /** default ov-ssl; picks the profile (OV/EV policy, wildcard, multi-domain) */
  certificateType: CertificateTypeSchema.optional(),
  /** the department it is for: a DRAO of several departments names one; RAOs may name any of theirs */
  departmentId: IdSchema.optional(),
  /** idempotency key, as the Idempotency-Key header (which it must equal when both are sent) */
  requestId: IdempotencyKey.optional(),
});
const RevokeBody = z.object({ reason: Issuance.RevocationReasonSchema.default('unspecified') });
/** A day (from its start, or up to its end for a `...To` bound) or an instant with its offset. */
const dateBound = (end: boolean) =>
  z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((v) => (v.length === 10 ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : v));
const Days = z.string().regex(/^[0-9]{1,4}$/, 'a whole number of days, 0 to 3650').transform(Number).pipe(z.number().max(3650));
/**
 * Text a name or requester filter may hold. No certificate name has a %, a control character or
 * U+FFFD, which is what a parameter that is not UTF-8 decodes to: refused rather than searched for.
 */
const SEARCHABLE = /^[^%\p{Cc}\uFFFD]+$/u;
const ListQuery = z.object({
  organisationId: IdSchema.optional().describe('only this organisation (within what the caller may see)'),
  departmentId: IdSchema.optional().describe("only this department's certificates"),
  status: Issuance.CertificateStatusSchema.optional().describe('issued or revoked'),
  certificateType: CertificateTypeSchema.optional().describe('the catalogue type'),
  name: z.string().min(3).max(253).regex(SEARCHABLE, 'UTF-8 text without %, control characters or U+FFFD').optional().describe('a name (common name or SAN), case-insensitive: contained in a name, or equal to one with nameMatch=exact; at least 3 characters'),
  nameMatch: z.enum(['contains', 'exact']).optional().describe('how `name` matches: contains (default) or exact'),
  requestedBy: z.string().min(1).max(320).regex(SEARCHABLE, 'UTF-8 text without %, control characters or U+FFFD').optional().describe('the id of the admin (or requester) who requested it'),
  method: RequestMethodSchema.optional().describe('how it was requested: manual (REST API), acme or enrollment (form)'),
  keyType: Issuance.KeyTypeSchema.optional().describe('the key: rsa-2048, rsa-3072, rsa-4096, ecdsa-p256, ecdsa-p384'),
  issuedFrom: dateBound(false).optional().describe('issued at or after: a date (YYYY-MM-DD, from its start, UTC) or an ISO 8601 instant'),
  issuedTo: dateBound(true).optional().describe('issued at or before: a date (to its end, UTC) or an instant'),
  expiresFrom: dateBound(false).optional().describe('notAfter at or after: a date or an instant'),
  expiresTo: dateBound(true).optional().describe('notAfter at or before: a date (to its end) or an instant'),
  expiringWithinDays: Days.optional().describe('notAfter between now and now + N days (0-3650)'),
  revokedFrom: dateBound(false).optional().describe('revoked at or after: a date or an instant'),
  revokedTo: dateBound(true).optional().describe('revoked at or before: a date (to its end) or an instant'),
  sort: Issuance.ListSortSchema.default('-issuedAt').describe('-issuedAt (default, newest first), issuedAt, -notAfter or notAfter; ties in id order'),
  page: z.coerce.number().int().min(1).default(1).describe('page number, from 1'),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).describe('rows per page, 1-500'),
  format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv: the same rows, with a header'),
});

/** The CSV export's columns: what a row of the JSON listing carries, names space-separated. */
const CSV_COLUMNS = [
  'id',
  'organisationId',
  'departmentId',
  'status',
  'certificateType',
  'profile',
  'issuerId',
  'keyType',
  'keyAlgorithm',
  'commonName',
  'names',
  'serialNumber',
  'requestedBy',
  'method',
  'issuedAt',
  'notBefore',
  'notAfter',
  'revokedAt',
  'revocationReason',
] as const;

/** One @ApiQuery per field of a query schema, from the JSON Schema the same zod schema gives. */
const ApiQueries = (schema: z.ZodObject) => {
  const properties = (jsonSchema(schema).properties ?? {}) as Record<string, { description?: string }>;
  return applyDecorators(
    ...Object.entries(properties).map(([name, { description, ...property }]) => ApiQuery({ name, required: false, description, schema: property })),
  );
};
const uuid = new IdPipe();

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class CertificatesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('department')
  @Post()
  @ApiDoc({
    summary: 'Request a certificate',
    returns: Issuance.RequestCertificate,
    description:
      'Checks the CSR and every name, takes one unit of the allowance and signs. With an idempotency key (the Idempotency-Key header or `requestId`), a repeated request gets the first outcome, the certificate counted once; while the first is still running it waits for it, or answers 409 REQUEST_IN_PROGRESS with Retry-After; the same key with another key pair is refused with 409 REQUEST_ID_REUSED. ' +
      "When the organisation's approval policy holds the request (by default a DRAO's; see /api/v1/organisations/{organisationId}/request-policy), it answers 202 with the request (status `requested`, `awaitingApproval`) and its Location (/api/v1/certificate-requests/{id}): nothing is reserved or counted until an approver approves it; the same Idempotency-Key again answers 202 with the same request (after the approval: 201 with the certificate; after a decline: 409 REQUEST_DECLINED). A rule's refusal (422) is recorded and listed with its code under /api/v1/certificate-requests.",
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Printable ASCII, 1-255 characters, unique per certificate within the organisation (e.g. a UUID).',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
  })
  @ApiBody({ schema: jsonSchema(RequestCertificateBody) })
  @ApiResponse({ status: 201, description: 'The certificate (for a repeated key: the one first issued).' })
  @ApiResponse({
    status: 202,
    description: 'Held for approval: the certificate request (status `requested`, `awaitingApproval: true`), with Location: /api/v1/certificate-requests/{id}.',
    headers: { Location: { description: 'the certificate request', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'Malformed body, CSR or idempotency key (problem+json).' })
  @ApiResponse({ status: 409, description: 'REQUEST_IN_PROGRESS (with Retry-After), REQUEST_ID_REUSED or REQUEST_DECLINED (problem+json).' })
  @ApiResponse({ status: 422, description: 'Refused by a rule: validation, allowance, subscription (problem+json).' })
  @ApiResponse({ status: 503, description: 'A service did not answer; repeat with the same idempotency key (problem+json).' })
  async request(
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') header: string | undefined,
    @Body(new ZodPipe(RequestCertificateBody)) body: z.infer<typeof RequestCertificateBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const requestId = idempotencyKey(header, body.requestId);
    try {
      const outcome = await this.bus.send(Issuance.RequestCertificateV2, { actor, ...body, ...(requestId ? { requestId } : {}), method: 'manual' });
      if (outcome.outcome === 'issued') return outcome.certificate;
      response.status(202).setHeader('Location', `/api/v1/certificate-requests/${outcome.request.id}`);
      return outcome.request;
    } catch (error) {
      const retryAfter = isDomainError(error) && error.code === 'REQUEST_IN_PROGRESS' ? error.details?.retryAfterSeconds : undefined;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      throw error;
    }
  }

  @Access('signed-in')
  @Get()
  @ApiDoc({
    summary: 'List certificates in your scope, filtered, sorted and paged (JSON or CSV)',
    returns: Issuance.ListCertificates,
    media: { 'text/csv': { type: 'string', description: 'The same rows as the JSON page, with a header row.' } },
    description:
      'Every filter narrows the rows; unknown parameters and bad values are refused (400) naming the parameter. ' +
      'An RAO sees its organisation, a DRAO its departments, an MRAO everything. The order always ends with the id, so pages never overlap. ' +
      '`total` is exact up to 10,000 matches; beyond, it is 10,000 with `totalExact: false` (narrow the filters rather than page that far). ' +
      'format=csv answers the same rows as JSON, with a header row; cells that a spreadsheet would run as a formula are prefixed with a quote.',
  })
  @ApiQueries(ListQuery)
  async list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(ListQuery, 'query')) { format, ...query }: z.infer<typeof ListQuery>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const page = await this.bus.send(Issuance.ListCertificates, { actor, ...query });
    if (format === 'json') return page;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="certificates.csv"');
    return toCsv(
      CSV_COLUMNS,
      page.items.map((c) => ({ ...c, names: c.names.join(' ') })),
    );
  }

  @Access('department')
  @Get(':certificateId')
  @ApiDoc({
    summary: 'Read a certificate',
    returns: Issuance.GetCertificate,
    problems: { 404: 'CERTIFICATE_NOT_FOUND: absent or outside the caller\'s scope.' },
  })
  get(@CurrentActor() actor: Actor, @Param('certificateId', uuid) certificateId: string) {
    return this.bus.send(Issuance.GetCertificate, { actor, certificateId });
  }

  @Access('department')
  @Post(':certificateId/revoke')
  @ApiBody({ schema: jsonSchema(RevokeBody), required: false })
  @ApiDoc({
    summary: 'Revoke a certificate',
    description: 'The body is optional: none, {} or {"reason": …} (default unspecified). Revoked within 336 hours of issuance, its unit of allowance is given back.',
    returns: Issuance.RevokeCertificate,
    problems: {
      403: 'REVOCATION_REASON_NOT_ALLOWED: privilegeWithdrawn is the operator\'s; PRIVILEGE_MISSING.',
      404: 'CERTIFICATE_NOT_FOUND.',
      409: 'CERTIFICATE_ALREADY_REVOKED.',
    },
  })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('certificateId', uuid) certificateId: string,
    @Body(new ZodPipe(RevokeBody)) body: z.infer<typeof RevokeBody>,
  ) {
    return this.bus.send(Issuance.RevokeCertificate, { actor, certificateId, reason: body.reason });
  }

  /** The certificate's events in order, with who did what and when. */
  @Access('department')
  @Get(':certificateId/events')
  @ApiDoc({
    summary: 'A certificate\'s history: who did what and when',
    returns: Issuance.CertificateHistory,
    problems: { 404: 'CERTIFICATE_NOT_FOUND.' },
  })
  history(@CurrentActor() actor: Actor, @Param('certificateId', uuid) certificateId: string) {
    return this.bus.send(Issuance.CertificateHistory, { actor, certificateId });
  }
}

/** The header and the body field name one key: either may be sent, both only when equal. */
function idempotencyKey(header: string | undefined, fromBody: string | undefined): string | undefined {
  if (header !== undefined && !IdempotencyKey.safeParse(header).success)
    throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'invalid', 'The Idempotency-Key header must be printable ASCII, 1 to 255 characters.');
  if (header !== undefined && fromBody !== undefined && header !== fromBody)
    throw new DomainError(
      'IDEMPOTENCY_KEY_MISMATCH',
      'invalid',
      'The Idempotency-Key header and the requestId field differ: send one of them, or the same key in both.',
    );
  return header ?? fromBody;
}
