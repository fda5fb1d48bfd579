import { z } from 'zod';

export const OutboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  queuedAt: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  cause: z.string(),
});

export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
