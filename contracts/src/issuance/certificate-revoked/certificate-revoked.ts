import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';
import { RevocationReasonSchema } from '../issuance.schemas';

export const CertificateRevoked = defineEvent(
  'issuance.evt.certificate.revoked.v1',
  z.object({
    certificateId: z.string(),
    organisationId: z.string(),
    serialNumber: z.string(),
    issuedAt: z.string(),
    revokedAt: z.string(),
    reason: RevocationReasonSchema,
    revokedBy: z.string(),
  }),
);

export type CertificateRevokedData = EventDataOf<typeof CertificateRevoked>;
