import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CertificateTypeSchema, IdSchema, Issuance } from '@platform/contracts';
import { type Actor, DomainError, isDomainError } from '@platform/kernel';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';

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
const ListQuery = z.object({
  organisationId: IdSchema.optional(),
  status: Issuance.CertificateStatusSchema.optional(),
  departmentId: IdSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const uuid = new IdPipe();

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class CertificatesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('department')
  @Post()
  @ApiOperation({
    summary: 'Request a certificate',
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
  list(@CurrentActor() actor: Actor, @Query(new ZodPipe(ListQuery, 'query')) query: z.infer<typeof ListQuery>) {
    return this.bus.send(Issuance.ListCertificates, { actor, ...query });
  }

  @Access('department')
  @Get(':certificateId')
  get(@CurrentActor() actor: Actor, @Param('certificateId', uuid) certificateId: string) {
    return this.bus.send(Issuance.GetCertificate, { actor, certificateId });
  }

  @Access('department')
  @Post(':certificateId/revoke')
  @ApiBody({ schema: jsonSchema(RevokeBody) })
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
