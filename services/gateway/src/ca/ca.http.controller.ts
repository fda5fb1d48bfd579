import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { BusClient } from '../http/bus-client';
import { Access } from '../auth/access.decorator';
import { ApiDoc } from '../openapi/api-doc.decorator';

/** Public: relying parties fetch the CA certificates to verify what the platform issues. */
@ApiTags('ca')
@Controller('api/v1/ca')
export class CaHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('public')
  @Get('root.pem')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiDoc({ summary: 'The root CA certificate (PEM)', media: { 'application/x-pem-file': { type: 'string' } } })
  async root() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).rootPem;
  }

  @Access('public')
  @Get('chain.pem')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiDoc({ summary: 'The issuing CA certificates and the root (PEM)', media: { 'application/x-pem-file': { type: 'string' } } })
  async chain() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).chainPem;
  }
}
