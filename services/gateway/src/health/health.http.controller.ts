import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Issuance } from '@platform/contracts';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator';
import { ApiDoc } from '../openapi/api-doc.decorator';

const HEALTH = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: { type: 'object', properties: { bus: { type: 'boolean' }, issuance: { type: 'boolean' } } },
  },
};

/** Liveness (the process answers) and readiness (the bus is connected and the issuance service answers). */
@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  @Access('public')
  @Get()
  @ApiDoc({ summary: 'Liveness and readiness: the bus is connected and issuance answers' })
  @ApiResponse({ status: 200, description: 'Ready.', content: { 'application/json': { schema: HEALTH } } })
  @ApiResponse({ status: 503, description: 'Not ready: which check failed.', content: { 'application/json': { schema: HEALTH } } })
  async health(@Res() response: Response) {
    const bus = this.bus.isConnected();
    const issuance = bus
      ? await sendRequest(this.bus, Issuance.GetCaCertificates, {}, { timeoutMs: 2000 }).then(() => true, () => false)
      : false;
    const ready = bus && issuance;
    response.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks: { bus, issuance } });
  }
}
