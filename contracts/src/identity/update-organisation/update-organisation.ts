import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationNameSchema } from '../create-organisation/create-organisation';
import { OrganisationSchema } from '../identity.schemas';

/** MRAO only: rename the organisation and/or change its member flag; what does not change records nothing. */
export const UpdateOrganisation = defineRequest(
  'identity.cmd.update-organisation.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), name: OrganisationNameSchema.optional(), member: z.boolean().optional() }),
  OrganisationSchema,
);

export type UpdateOrganisationRequest = RequestOf<typeof UpdateOrganisation>;
export type UpdateOrganisationResponse = ResponseOf<typeof UpdateOrganisation>;
