import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OutboxMessageSchema } from '../notifications.schemas';

export const ListOutbox = defineRequest(
  'notifications.qry.list-outbox.v1',
  z.object({ actor: ActorSchema, to: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }),
  z.array(OutboxMessageSchema),
);

export type ListOutboxRequest = RequestOf<typeof ListOutbox>;
export type ListOutboxResponse = ResponseOf<typeof ListOutbox>;
