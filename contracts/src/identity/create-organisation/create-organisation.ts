import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationSchema } from '../identity.schemas';

export const CreateOrganisation = defineRequest(
  'identity.cmd.create-organisation.v1',
  z.object({ actor: ActorSchema, name: z.string().trim().min(1).max(200), member: z.boolean() }),
  OrganisationSchema,
);

export type CreateOrganisationRequest = RequestOf<typeof CreateOrganisation>;
export type CreateOrganisationResponse = ResponseOf<typeof CreateOrganisation>;
