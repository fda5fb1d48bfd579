import { z } from 'zod';
import { certificateText } from '../../lib/certificate-text';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { OrganisationSchema } from '../identity.schemas';

/** The name is the certificates' organizationName (O) until vetted details give a legal name: the same rules. */
export const OrganisationNameSchema = certificateText(64);

export const CreateOrganisation = defineRequest(
  'identity.cmd.create-organisation.v1',
  z.object({ actor: ActorSchema, name: OrganisationNameSchema, member: z.boolean() }),
  OrganisationSchema,
);

export type CreateOrganisationRequest = RequestOf<typeof CreateOrganisation>;
export type CreateOrganisationResponse = ResponseOf<typeof CreateOrganisation>;
