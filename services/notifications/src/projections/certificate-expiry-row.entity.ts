import { EntitySchema } from '@mikro-orm/core';

/** A watched certificate and when its next expiry notice falls due: the sweep's index. */
export interface CertificateExpiryRow {
  certificateId: string;
  organisationId: string;
  notAfter: Date;
  /** absent: no notice left (all told, or revoked) */
  nextNoticeAt: Date | null;
}

export const CertificateExpiryRowSchema = new EntitySchema<CertificateExpiryRow>({
  name: 'CertificateExpiryRow',
  tableName: 'certificate_expiry',
  properties: {
    certificateId: { type: 'string', primary: true },
    organisationId: { type: 'string', index: true },
    notAfter: { type: 'datetime' },
    nextNoticeAt: { type: 'datetime', nullable: true, index: true },
  },
});
