import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

export const CertificateIssued = defineEvent(
  'issuance.evt.certificate.issued.v1',
  z.object({
    certificateId: z.string(),
    organisationId: z.string(),
    serialNumber: z.string(),
    names: z.array(z.string()),
    issuedAt: z.string(),
    requestedBy: z.string(),
  }),
);

export type CertificateIssuedData = EventDataOf<typeof CertificateIssued>;
