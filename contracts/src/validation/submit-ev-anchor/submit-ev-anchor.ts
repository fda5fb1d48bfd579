import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { EvAnchorSchema, OrganisationValidationViewSchema } from '../validation.schemas';

/** An RAO (or MRAO) submits EV details for vetting; they wait in the vetting queue until an MRAO vets an anchor. */
export const SubmitEvAnchor = defineRequest(
  'validation.cmd.submit-ev-anchor.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), ev: EvAnchorSchema }),
  OrganisationValidationViewSchema,
);

export type SubmitEvAnchorRequest = RequestOf<typeof SubmitEvAnchor>;
export type SubmitEvAnchorResponse = ResponseOf<typeof SubmitEvAnchor>;
