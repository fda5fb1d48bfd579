import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DepartmentRequestPolicySchema, RequestPolicySchema } from '../certificate-request.schemas';

/** The organisation's approval policy (MRAO, its RAOs; its DRAOs see it with their own departments only). */
export const GetRequestPolicy = defineRequest(
  'issuance.qry.get-request-policy.v1',
  z.object({ actor: ActorSchema, organisationId: z.string() }),
  RequestPolicySchema,
);

export type GetRequestPolicyRequest = RequestOf<typeof GetRequestPolicy>;
export type GetRequestPolicyResponse = ResponseOf<typeof GetRequestPolicy>;

/** The policy that applies to a department's requests (MRAO, the organisation's RAOs, the department's DRAOs). */
export const GetDepartmentRequestPolicy = defineRequest(
  'issuance.qry.get-department-request-policy.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), departmentId: z.string() }),
  DepartmentRequestPolicySchema,
);

export type GetDepartmentRequestPolicyRequest = RequestOf<typeof GetDepartmentRequestPolicy>;
export type GetDepartmentRequestPolicyResponse = ResponseOf<typeof GetDepartmentRequestPolicy>;
