import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';
import { RevocationReasonSchema } from '../issuance.schemas';

export const CertificateRevoked = defineEvent(
  'issuance.evt.certificate.revoked.v1',
  z.object({
    certificateId: z.string(),
    organisationId: z.string(),
    /** the department the certificate belongs to, when it belongs to one (absent on revocations recorded before 2026-11) */
    departmentId: z.string().optional(),
    serialNumber: z.string(),
    issuedAt: z.string(),
    revokedAt: z.string(),
    reason: RevocationReasonSchema,
    revokedBy: z.string(),
  }),
);

export type CertificateRevokedData = EventDataOf<typeof CertificateRevoked>;
