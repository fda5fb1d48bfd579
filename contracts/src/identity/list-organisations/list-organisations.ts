import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationSchema } from '../identity.schemas';

/** A subscription's state as the operator's desk shows it; `none` when the organisation has none yet. */
export const SubscriptionStateSchema = z.enum(['none', 'active', 'suspended']);
/** The organisation validation (OV vetting) state, as validation reports it. */
export const ValidationStateSchema = z.enum(['not-submitted', 'submitted', 'rejected', 'validated', 'expired']);

export const OrganisationSummarySchema = OrganisationSchema.extend({
  subscription: SubscriptionStateSchema,
  validation: ValidationStateSchema,
});
export type OrganisationSummary = z.infer<typeof OrganisationSummarySchema>;

/**
 * The organisations the actor may see (an MRAO all, an RAO or DRAO its own), ordered by name: `name`
 * matches a part of the name without regard to case, the others match exactly; paged after filtering.
 */
export const ListOrganisations = defineRequest(
  'identity.qry.list-organisations.v1',
  z.object({
    actor: ActorSchema,
    name: z.string().max(64).optional(),
    member: z.boolean().optional(),
    subscription: SubscriptionStateSchema.optional(),
    validation: ValidationStateSchema.optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  }),
  z.object({ items: z.array(OrganisationSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
);

export type ListOrganisationsRequest = RequestOf<typeof ListOrganisations>;
export type ListOrganisationsResponse = ResponseOf<typeof ListOrganisations>;
