import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Validation } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { CurrentActor } from '../auth/auth.guard';
import { Access } from '../auth/access.decorator';
import { BusClient } from '../http/bus-client';
import { ApiDoc } from '../openapi/api-doc.decorator';

/** The operator's vetting work: what waits for review (MRAOs are e-mailed when details are submitted). */
@ApiTags('validation')
@ApiBearerAuth()
@Controller('api/v1/vetting-queue')
export class VettingQueueHttpController {
  constructor(private readonly bus: BusClient) {}

  @Access('mrao')
  @Get()
  @ApiDoc({
    summary: 'Organisation details waiting for vetting, oldest first',
    description:
      "Operator only. Each item names the organisation, when and by whom the details were submitted; approve or reject them through the organisation's validation review.",
    returns: Validation.VettingQueue,
  })
  list(@CurrentActor() actor: Actor) {
    return this.bus.send(Validation.VettingQueue, { actor });
  }
}
