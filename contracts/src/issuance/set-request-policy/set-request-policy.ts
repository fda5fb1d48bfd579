import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { ApprovalSettingsSchema, DepartmentRequestPolicySchema, RequestPolicySchema } from '../certificate-request.schemas';

/** Sets the organisation's approval policy (MRAO and the organisation's RAOs; a DRAO is refused with 403). */
export const SetRequestPolicy = defineRequest(
  'issuance.cmd.set-request-policy.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), settings: ApprovalSettingsSchema }),
  RequestPolicySchema,
);

export type SetRequestPolicyRequest = RequestOf<typeof SetRequestPolicy>;
export type SetRequestPolicyResponse = ResponseOf<typeof SetRequestPolicy>;

/** Gives a department settings of its own, or (settings null) makes it follow the organisation's again. */
export const SetDepartmentRequestPolicy = defineRequest(
  'issuance.cmd.set-department-request-policy.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), departmentId: z.string(), settings: ApprovalSettingsSchema.nullable() }),
  DepartmentRequestPolicySchema,
);

export type SetDepartmentRequestPolicyRequest = RequestOf<typeof SetDepartmentRequestPolicy>;
export type SetDepartmentRequestPolicyResponse = ResponseOf<typeof SetDepartmentRequestPolicy>;
