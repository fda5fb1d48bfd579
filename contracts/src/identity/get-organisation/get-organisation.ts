import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationSchema } from '../identity.schemas';

export const GetOrganisation = defineRequest(
  'identity.qry.get-organisation.v1',
  z.object({ actor: ActorSchema.optional(), organisationId: z.string() }),
  OrganisationSchema,
);

export type GetOrganisationRequest = RequestOf<typeof GetOrganisation>;
export type GetOrganisationResponse = ResponseOf<typeof GetOrganisation>;
