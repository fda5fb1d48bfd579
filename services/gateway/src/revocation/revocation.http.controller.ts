import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import type { Request, Response } from 'express';
import { BusClient } from '../http/bus-client';
import { Access } from '../auth/access.decorator';

const MAX_OCSP_REQUEST = 16_384;

/**
 * What relying parties fetch from the URLs inside certificates: CRLs (CRL distribution point),
 * issuing CA certificates (AIA caIssuers) and the OCSP responder (AIA OCSP). All public, DER.
 */
@ApiTags('revocation')
@Controller()
export class RevocationHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('public')
  @Get('crl/:file')
  async crl(@Param('file') file: string, @Res() response: Response) {
    const issuerId = notFoundUnless(/^([a-z-]{1,32})\.crl$/.exec(file)?.[1], `No CRL at /crl/${file}; CRLs are named <ca>.crl.`);
    const crl = await this.bus.send(Issuance.GetCrl, { issuerId });
    // Cacheable until a newer one may exist: relying parties and proxies need not hammer the service.
    response.setHeader('Cache-Control', 'public, max-age=60');
    response.setHeader('Last-Modified', new Date(crl.thisUpdate).toUTCString());
    response.type('application/pkix-crl').send(Buffer.from(crl.crlDer, 'base64'));
  }

  @Access('public')
  @Get('ca/:file')
  async caCertificate(@Param('file') file: string, @Res() response: Response) {
    const id = /^([a-z-]{1,32})\.crt$/.exec(file)?.[1];
    const { issuers } = await this.bus.send(Issuance.GetCaCertificates, {});
    const issuer = notFoundUnless(issuers?.find((i) => i.id === id), `No CA certificate at /ca/${file}.`);
    response.setHeader('Cache-Control', 'public, max-age=3600');
    response.type('application/pkix-cert').send(Buffer.from(issuer.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));
  }

  /** RFC 6960 A.1: POST with the DER request as the body. */
  @Access('public')
  @Post('ocsp')
  @HttpCode(200)
  async ocspPost(@Req() request: Request, @Res() response: Response) {
    if (!request.is('application/ocsp-request'))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'unsupported_media_type', 'Send the OCSP request as DER with "Content-Type: application/ocsp-request".');
    await this.answer(await readBody(request), response);
  }

  /** RFC 6960 A.1: GET /ocsp/<url-encoded base64 of the DER request>. */
  @Access('public')
  @Get('ocsp/*path')
  async ocspGet(@Req() request: Request, @Res() response: Response) {
    const encoded = decodeURIComponent(request.path.replace(/^\/ocsp\//, ''));
    await this.answer(Buffer.from(encoded, 'base64'), response);
  }

  private async answer(der: Buffer, response: Response) {
    if (der.length === 0 || der.length > MAX_OCSP_REQUEST)
      throw new DomainError('OCSP_REQUEST_INVALID', 'invalid', `An OCSP request is 1 to ${MAX_OCSP_REQUEST} bytes of DER.`);
    const { responseDer } = await this.bus.send(Issuance.OcspRespond, { requestDer: der.toString('base64') });
    response.type('application/ocsp-response').send(Buffer.from(responseDer, 'base64'));
  }
}

function notFoundUnless<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', 'not_found', message);
  return value;
}

async function readBody(request: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_OCSP_REQUEST) throw new DomainError('OCSP_REQUEST_INVALID', 'invalid', `An OCSP request is at most ${MAX_OCSP_REQUEST} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
