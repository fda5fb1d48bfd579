import type { Issuance } from '@platform/contracts';

export type ApprovalSettings = Issuance.ApprovalSettings;

/**
 * Domain events of an organisation's approval policy (stream `request-policy-<organisationId>`): the
 * organisation's settings and the departments' own. Issuance's, not identity's: it decides what a
 * request does, and nothing else reads it.
 */
export type RequestPolicyEvent =
  | { type: 'RequestPolicySet'; data: { organisationId: string; settings: ApprovalSettings; setBy: string; setAt: string } }
  | { type: 'DepartmentRequestPolicySet'; data: { organisationId: string; departmentId: string; settings: ApprovalSettings; setBy: string; setAt: string } }
  /** the department follows the organisation's settings again */
  | { type: 'DepartmentRequestPolicyCleared'; data: { organisationId: string; departmentId: string; clearedBy: string; clearedAt: string } };

export const requestPolicyStream = (organisationId: string): string => `request-policy-${organisationId}`;
