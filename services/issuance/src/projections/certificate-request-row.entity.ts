import { EntitySchema } from '@mikro-orm/core';

/** One row per certificate request (a certificate stream): what the request listing filters and pages over. */
export interface CertificateRequestRow {
  id: string;
  organisationId: string;
  /** absent: organisation-wide */
  departmentId?: string;
  /** requested | approved | issued | declined | refused | failed */
  status: string;
  /** held for an approver (status requested) */
  awaitingApproval: boolean;
  certificateType: string;
  method: string;
  /** the names in lower case, each with a space before and after (` a b `): a name filter is one LIKE */
  names: string;
  requestedBy: string;
  requestedByEmail?: string;
  requestedAt: Date;
  approvedBy?: string;
  approvedAt?: Date;
  autoApproved?: boolean;
  declinedBy?: string;
  declinedAt?: Date;
  /** refused or failed: the stable code */
  code?: string;
  /** the approver's reason (declined), or the refusal's or failure's message */
  reason?: string;
  /** declined, refused, failed or issued at */
  endedAt?: Date;
}

export const CertificateRequestRowSchema = new EntitySchema<CertificateRequestRow>({
  name: 'CertificateRequestRow',
  tableName: 'certificate_request_list',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string', index: true },
    departmentId: { type: 'string', nullable: true, index: true },
    status: { type: 'string', index: true },
    awaitingApproval: { type: 'boolean' },
    certificateType: { type: 'string' },
    method: { type: 'string' },
    names: { type: 'text' },
    requestedBy: { type: 'string', index: true },
    requestedByEmail: { type: 'string', nullable: true },
    requestedAt: { type: 'datetime', index: true },
    approvedBy: { type: 'string', nullable: true },
    approvedAt: { type: 'datetime', nullable: true },
    autoApproved: { type: 'boolean', nullable: true },
    declinedBy: { type: 'string', nullable: true },
    declinedAt: { type: 'datetime', nullable: true },
    code: { type: 'string', nullable: true },
    reason: { type: 'text', nullable: true },
    endedAt: { type: 'datetime', nullable: true },
  },
});
