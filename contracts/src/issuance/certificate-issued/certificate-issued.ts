import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

export const CertificateIssued = defineEvent(
  'issuance.evt.certificate.issued.v1',
  z.object({
    certificateId: z.string(),
    organisationId: z.string(),
    /** the department the certificate belongs to, when it belongs to one */
    departmentId: z.string().optional(),
    serialNumber: z.string(),
    names: z.array(z.string()),
    issuedAt: z.string(),
    requestedBy: z.string(),
  }),
);

export type CertificateIssuedData = EventDataOf<typeof CertificateIssued>;
