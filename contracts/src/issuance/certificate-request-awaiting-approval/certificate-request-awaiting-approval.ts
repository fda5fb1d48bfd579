import { z } from 'zod';
import { CertificateTypeSchema } from '../../lib/common';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** A certificate request is held until an admin with `approve-ssl` in its scope approves or declines it. */
export const CertificateRequestAwaitingApproval = defineEvent(
  'issuance.evt.certificate-request.awaiting-approval.v1',
  z.object({
    requestId: z.string(),
    organisationId: z.string(),
    /** the department it is for; absent: the organisation as a whole */
    departmentId: z.string().optional(),
    requestedBy: z.string(),
    requestedByEmail: z.string().optional(),
    names: z.array(z.string()),
    certificateType: CertificateTypeSchema,
    requestedAt: z.string(),
  }),
);

export type CertificateRequestAwaitingApprovalData = EventDataOf<typeof CertificateRequestAwaitingApproval>;
