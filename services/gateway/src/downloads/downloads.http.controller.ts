import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ApiDoc } from '../openapi/api-doc.decorator';

const DownloadQuery = z.object({ format: Issuance.DownloadFormatSchema.default('pem') });

/** GET /api/v1/certificates/:id/download?format=pem|chain|fullchain|der|pkcs7, in the caller's scope. */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class DownloadsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('department')
  @Get(':certificateId/download')
  @ApiDoc({
    summary: 'Download a certificate: PEM, chain, full chain, DER or PKCS#7',
    media: {
      'application/x-pem-file': { type: 'string' },
      'application/pkix-cert': { type: 'string', format: 'binary' },
      'application/pkcs7-mime': { type: 'string', format: 'binary' },
    },
    problems: { 404: 'CERTIFICATE_NOT_FOUND.' },
  })
  async download(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new IdPipe()) certificateId: string,
    @Query(new ZodPipe(DownloadQuery, 'query')) query: z.infer<typeof DownloadQuery>,
    @Res() response: Response,
  ) {
    const file = await this.bus.send(Issuance.DownloadCertificate, { actor, certificateId, format: query.format });
    response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    response.type(file.contentType).send(Buffer.from(file.body, 'base64'));
  }
}
