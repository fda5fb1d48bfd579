import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DepartmentViewSchema } from '../identity.schemas';

/** A DRAO sees only its own departments. */
export const ListDepartments = defineRequest(
  'identity.qry.list-departments.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  z.array(DepartmentViewSchema),
);

export type ListDepartmentsRequest = RequestOf<typeof ListDepartments>;
export type ListDepartmentsResponse = ResponseOf<typeof ListDepartments>;
