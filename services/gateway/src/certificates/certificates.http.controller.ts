import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CertificateTypeSchema, Issuance } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';

const RequestCertificateBody = z.object({
  organisationId: z.uuid(),
  /** PKCS#10 in PEM */
  csr: z.string().min(1).max(65_536),
  /** default ov-ssl; picks the profile (OV/EV policy, wildcard, multi-domain) */
  certificateType: CertificateTypeSchema.optional(),
  /** the department it is for: a DRAO of several departments names one; RAOs may name any of theirs */
  departmentId: z.uuid().optional(),
});
const RevokeBody = z.object({ reason: Issuance.RevocationReasonSchema.default('unspecified') });
const ListQuery = z.object({
  organisationId: z.uuid().optional(),
  status: Issuance.CertificateStatusSchema.optional(),
  departmentId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class CertificatesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('department')
  @Post()
  @ApiBody({ schema: jsonSchema(RequestCertificateBody) })
  request(@CurrentActor() actor: Actor, @Body(new ZodPipe(RequestCertificateBody)) body: z.infer<typeof RequestCertificateBody>) {
    return this.bus.send(Issuance.RequestCertificate, { actor, ...body });
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
