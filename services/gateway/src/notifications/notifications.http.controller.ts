import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Notifications } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
import { BusClient } from '../http/bus-client';
import { ZodPipe } from '../http/zod-body.pipe';
import { Access } from '../auth/access.decorator';
import { ApiDoc } from '../openapi/api-doc.decorator';

const OutboxQuery = z.object({
  to: z.string().max(320).optional().describe('Only messages to this address.'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('At most this many, newest first.'),
});

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsHttpController {
  constructor(private readonly bus: BusClient) {}

  /** Every message the platform has queued (operators only). */
  @Access('mrao')
  @Get('outbox')
  @ApiDoc({ summary: 'The e-mail outbox (operator)', returns: Notifications.ListOutbox })
  outbox(@CurrentActor() actor: Actor, @Query(new ZodPipe(OutboxQuery, 'query')) query: z.infer<typeof OutboxQuery>) {
    return this.bus.send(Notifications.ListOutbox, { actor, ...query });
  }
}
