import { z } from 'zod';
import { CertificateTypeSchema, RequestMethodSchema } from '../lib/common';

/**
 * Where a certificate request is in its lifecycle: `requested` (held for an approver, or on its way),
 * `approved` (an approver let it through; being issued), `issued`, or ended without a certificate:
 * `declined` (by an approver, with a reason), `refused` (by a rule, with its stable code) or
 * `failed` (the issuance broke off: no answer, a lapsed reservation; with its code).
 */
export const CertificateRequestStatusSchema = z.enum(['requested', 'approved', 'issued', 'declined', 'refused', 'failed']);
export type CertificateRequestStatus = z.infer<typeof CertificateRequestStatusSchema>;

/** A certificate request as admins see it; its id is the id the certificate gets once issued. */
export const CertificateRequestViewSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  /** the department it is for; absent: the organisation as a whole */
  departmentId: z.string().optional(),
  status: CertificateRequestStatusSchema,
  /** true while it waits for an approver's decision (status `requested`) */
  awaitingApproval: z.boolean(),
  certificateType: CertificateTypeSchema,
  method: RequestMethodSchema,
  /** the names the CSR asks for */
  names: z.array(z.string()),
  /** who asked: an admin id, or `acme-account:<id>` */
  requestedBy: z.string(),
  /** the requester's e-mail address at the time, when known */
  requestedByEmail: z.string().optional(),
  requestedAt: z.string(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  /** approved at once under the organisation's auto-approve setting (the requester holds approve-ssl there) */
  autoApproved: z.boolean().optional(),
  declinedBy: z.string().optional(),
  declinedAt: z.string().optional(),
  /** refused or failed: the stable code (e.g. DOMAIN_NOT_VALIDATED, ALLOWANCE_EXHAUSTED, RESERVATION_LAPSED) */
  code: z.string().optional(),
  /** why it ended without a certificate: the approver's reason (declined), or the refusal's or failure's message */
  reason: z.string().optional(),
  /** when it was declined, refused, failed or issued */
  endedAt: z.string().optional(),
  /** issued: the certificate (the same id) */
  certificateId: z.string().optional(),
});
export type CertificateRequestView = z.infer<typeof CertificateRequestViewSchema>;

/** Whether manual requests wait for an approver, by who asks; and whether an approver's own requests pass at once. */
export const ApprovalSettingsSchema = z.object({
  /** requests by MRAOs and RAOs wait for approval (default false) */
  raoRequestsNeedApproval: z.boolean(),
  /** requests by DRAOs wait for approval (default true) */
  draoRequestsNeedApproval: z.boolean(),
  /**
   * An MRAO's or RAO's request that needs approval is approved at once when the requester holds
   * `approve-ssl` for it (default false: another admin approves). Also what lets such an admin approve
   * a request of their own that was held before the setting was turned on.
   */
  autoApprove: z.boolean(),
});
export type ApprovalSettings = z.infer<typeof ApprovalSettingsSchema>;

const Change = { setBy: z.string().optional(), setAt: z.string().optional() };

/** The approval policy of a department: its own settings, or the organisation's (inherited). */
export const DepartmentRequestPolicySchema = ApprovalSettingsSchema.extend({
  organisationId: z.string(),
  departmentId: z.string(),
  /** true: the department has no settings of its own and follows the organisation's */
  inherited: z.boolean(),
  ...Change,
});
export type DepartmentRequestPolicy = z.infer<typeof DepartmentRequestPolicySchema>;

/** The approval policy of an organisation, with the departments that have settings of their own. */
export const RequestPolicySchema = ApprovalSettingsSchema.extend({
  organisationId: z.string(),
  /** true: never set, the platform's defaults apply */
  defaults: z.boolean(),
  ...Change,
  departments: z.array(DepartmentRequestPolicySchema.omit({ organisationId: true, inherited: true })),
});
export type RequestPolicy = z.infer<typeof RequestPolicySchema>;
