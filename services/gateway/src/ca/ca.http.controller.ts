import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { BusClient } from '../http/bus-client';
import { Access } from '../auth/access.decorator';

/** Public: relying parties fetch the CA certificates to verify what the platform issues. */
@ApiTags('ca')
@Controller('api/v1/ca')
export class CaHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('public')
  @Get('root.pem')
  @Header('Content-Type', 'application/x-pem-file')
  async root() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).rootPem;
  }

  @Access('public')
  @Get('chain.pem')
  @Header('Content-Type', 'application/x-pem-file')
  async chain() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).chainPem;
  }
}
