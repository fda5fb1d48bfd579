import { EntitySchema } from '@mikro-orm/core';

/** One row per certificate: what listings filter and page over. */
export interface CertificateRow {
  id: string;
  organisationId: string;
  /** absent: organisation-wide */
  departmentId?: string;
  status: 'issued' | 'revoked';
  commonName: string;
  /** space-separated, for name filters */
  names: string;
  serialNumber: string;
  keyAlgorithm: string;
  notBefore: Date;
  notAfter: Date;
  requestedBy: string;
  issuedAt: Date;
  revokedAt?: Date;
  revocationReason?: string;
}

export const CertificateRowSchema = new EntitySchema<CertificateRow>({
  name: 'CertificateRow',
  tableName: 'certificate_list',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string', index: true },
    departmentId: { type: 'string', nullable: true, index: true },
    status: { type: 'string' },
    commonName: { type: 'string' },
    names: { type: 'text' },
    serialNumber: { type: 'string' },
    keyAlgorithm: { type: 'string' },
    notBefore: { type: 'datetime' },
    notAfter: { type: 'datetime' },
    requestedBy: { type: 'string' },
    issuedAt: { type: 'datetime', index: true },
    revokedAt: { type: 'datetime', nullable: true },
    revocationReason: { type: 'string', nullable: true },
  },
});
