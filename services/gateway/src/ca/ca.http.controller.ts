import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { Public } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';

/** Public: relying parties fetch the CA certificates to verify what the platform issues. */
@ApiTags('ca')
@Controller('api/v1/ca')
export class CaHttpController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Get('root.pem')
  @Header('Content-Type', 'application/x-pem-file')
  async root() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).rootPem;
  }

  @Public()
  @Get('chain.pem')
  @Header('Content-Type', 'application/x-pem-file')
  async chain() {
    return (await this.bus.send(Issuance.GetCaCertificates, {})).chainPem;
  }
}
