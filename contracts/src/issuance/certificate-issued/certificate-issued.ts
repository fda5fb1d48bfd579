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
    /** the end of validity, for expiry notices (absent in events published before 2026-12) */
    notAfter: z.string().optional(),
    /** the subject's common name, when it has one (absent in events published before 2026-12) */
    commonName: z.string().optional(),
  }),
);

export type CertificateIssuedData = EventDataOf<typeof CertificateIssued>;
