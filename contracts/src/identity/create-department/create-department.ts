import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DepartmentViewSchema } from '../identity.schemas';

export const CreateDepartment = defineRequest(
  'identity.cmd.create-department.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), name: z.string().trim().min(1).max(200) }),
  DepartmentViewSchema,
);

export type CreateDepartmentRequest = RequestOf<typeof CreateDepartment>;
export type CreateDepartmentResponse = ResponseOf<typeof CreateDepartment>;
