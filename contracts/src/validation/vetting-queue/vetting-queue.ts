import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationValidationViewSchema } from '../validation.schemas';

/**
 * One thing an MRAO has to vet, waiting since `submittedAt`: organisation details (`details`; approve or
 * reject them through the review) or EV details (`ev`; vet an anchor for them).
 */
export const VettingItemSchema = z.object({
  organisationId: z.string(),
  kind: z.enum(['organisation-details', 'ev-anchor']),
  submittedAt: z.string(),
  submittedBy: z.string().optional(),
  details: OrganisationValidationViewSchema.shape.pending,
  ev: OrganisationValidationViewSchema.shape.pendingEv,
});

/** MRAO only: everything waiting for review, oldest first. */
export const VettingQueue = defineRequest(
  'validation.qry.vetting-queue.v1',
  z.object({ actor: ActorSchema }),
  z.object({ items: z.array(VettingItemSchema), total: z.number().int() }),
);

export type VettingQueueRequest = RequestOf<typeof VettingQueue>;
export type VettingQueueResponse = ResponseOf<typeof VettingQueue>;
