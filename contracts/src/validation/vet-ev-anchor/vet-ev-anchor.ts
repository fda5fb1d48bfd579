import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { EvAnchorSchema, OrganisationValidationViewSchema } from '../validation.schemas';

/** An MRAO records the vetted EV details of the organisation (needed for EV certificate types). */
export const VetEvAnchor = defineRequest(
  'validation.cmd.vet-ev-anchor.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), ev: EvAnchorSchema }),
  OrganisationValidationViewSchema,
);

export type VetEvAnchorRequest = RequestOf<typeof VetEvAnchor>;
export type VetEvAnchorResponse = ResponseOf<typeof VetEvAnchor>;
