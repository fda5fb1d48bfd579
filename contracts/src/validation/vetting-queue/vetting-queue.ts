import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** One thing an MRAO has to vet: submitted organisation details, waiting since `submittedAt`. */
export const VettingItemSchema = z.object({
  organisationId: z.string(),
  kind: z.enum(['organisation-details']),
  submittedAt: z.string(),
  submittedBy: z.string().optional(),
  legalName: z.string(),
  country: z.string(),
});

/** MRAO only: everything waiting for review, oldest first. */
export const VettingQueue = defineRequest(
  'validation.qry.vetting-queue.v1',
  z.object({ actor: ActorSchema }),
  z.object({ items: z.array(VettingItemSchema), total: z.number().int() }),
);

export type VettingQueueRequest = RequestOf<typeof VettingQueue>;
export type VettingQueueResponse = ResponseOf<typeof VettingQueue>;
