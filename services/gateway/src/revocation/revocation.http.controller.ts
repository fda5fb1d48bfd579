import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import type { Request, Response } from 'express';
import { BusClient } from '../http/bus-client';
import { Access } from '../auth/access.decorator';
import { CRL_MAX_AGE_S, CrlCopies, sendCrl } from './crl-copies';
import { ApiDoc } from '../openapi/api-doc.decorator';

const MAX_OCSP_REQUEST = 16_384;
const CRL_FILE = /^([a-z-]{1,32})\.crl$/;

/**
 * What relying parties fetch from the URLs inside certificates: CRLs (CRL distribution point),
 * issuing CA certificates (AIA caIssuers) and the OCSP responder (AIA OCSP). All public, DER.
 * A CRL whose copy is fresh never reaches this controller: CrlCopies.fromMemory answers it first.
 */
@ApiTags('revocation')
@Controller()
export class RevocationHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly crls: CrlCopies,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Access('public')
  @Get('crl/:file')
  @ApiOperation({
    summary: 'Download the current CRL of an issuing CA',
    description:
      'The URL in the CRL distribution point of every certificate. DER (RFC 5280), signed by the issuing CA; ' +
      'conditional requests (If-None-Match, If-Modified-Since) are answered 304 while the CRL is unchanged.',
  })
  @ApiParam({ name: 'file', description: '`<ca>.crl`, the CA being tls-rsa, tls-ecdsa or smime', example: 'tls-rsa.crl' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of a copy already held' })
  @ApiHeader({ name: 'If-Modified-Since', required: false, description: 'the Last-Modified (thisUpdate) of a copy already held' })
  @ApiOkResponse({
    description: 'the CRL',
    content: { 'application/pkix-crl': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      ETag: { description: 'changes whenever the CRL does', schema: { type: 'string' } },
      'Last-Modified': { description: 'the CRL\'s thisUpdate', schema: { type: 'string' } },
      'Cache-Control': { description: `public, max-age up to the CRL's nextUpdate, at most ${CRL_MAX_AGE_S} s`, schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'the copy named by If-None-Match / If-Modified-Since is still current' })
  @ApiResponse({ status: 400, description: 'a query parameter was given (problem+json, UNKNOWN_PARAMETER)' })
  @ApiNotFoundResponse({ description: 'no such CA (problem+json, NOT_FOUND or CRL_NOT_FOUND)' })
  async crl(@Param('file') file: string, @Res() response: Response) {
    const issuerId = notFoundUnless(CRL_FILE.exec(file)?.[1], `No CRL at /crl/${file}; CRLs are named <ca>.crl.`);
    sendCrl(await this.crls.current(issuerId), response.req, response, this.clock.now());
  }

  @Access('public')
  @Get('ca/:file')
  @ApiParam({ name: 'file', description: '`<ca>.crt`, the CA being tls-rsa, tls-ecdsa or smime', example: 'tls-rsa.crt' })
  @ApiDoc({
    summary: 'Download an issuing CA\'s certificate (DER, AIA caIssuers)',
    media: { 'application/pkix-cert': { type: 'string', format: 'binary' } },
    problems: { 404: 'NOT_FOUND: no such CA.' },
  })
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
  @ApiDoc({
    summary: 'OCSP request as a DER body (RFC 6960 A.1)',
    description: 'Content-Type application/ocsp-request, not JSON.',
    media: { 'application/ocsp-response': { type: 'string', format: 'binary' } },
    problems: { 400: 'OCSP_REQUEST_INVALID: 1 to 16384 bytes of DER.', 415: 'UNSUPPORTED_MEDIA_TYPE: send application/ocsp-request.' },
  })
  async ocspPost(@Req() request: Request, @Res() response: Response) {
    if (!request.is('application/ocsp-request'))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'unsupported_media_type', 'Send the OCSP request as DER with "Content-Type: application/ocsp-request".');
    await this.answer(await readBody(request), response);
  }

  /** RFC 6960 A.1: GET /ocsp/<url-encoded base64 of the DER request>. */
  @Access('public')
  @Get('ocsp/*path')
  @ApiParam({ name: 'path', description: 'the DER OCSP request, base64 then URL-encoded' })
  @ApiDoc({
    summary: 'OCSP request in the URL (RFC 6960 A.1)',
    media: { 'application/ocsp-response': { type: 'string', format: 'binary' } },
    problems: { 400: 'OCSP_REQUEST_INVALID.' },
  })
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
