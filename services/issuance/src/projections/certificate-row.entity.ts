import { EntitySchema } from '@mikro-orm/core';
import type { RequestMethod } from '@platform/contracts';

/** One row per certificate: what listings filter and page over. */
export interface CertificateRow {
  id: string;
  organisationId: string;
  /** absent: organisation-wide */
  departmentId?: string;
  status: 'issued' | 'revoked';
  commonName: string;
  /** space-separated, as issued (the name filters read certificate_listing_name) */
  names: string;
  serialNumber: string;
  /** as in the event: 'RSA 2048', 'ECDSA P-256' */
  keyAlgorithm: string;
  /** as filters name it: 'rsa-2048', 'ecdsa-p256' */
  keyType: string;
  certificateType: string;
  profile: string;
  issuerId: string;
  method: RequestMethod;
  notBefore: Date;
  notAfter: Date;
  requestedBy: string;
  issuedAt: Date;
  revokedAt?: Date;
  revocationReason?: string;
}

/**
 * The order's columns lead (scope first for RAOs and DRAOs, the sort column alone for the operator),
 * then the id, the last key of every order, so a page is read from the index in order and stops at its
 * size; the low-cardinality filters follow, so that they are checked in the index and a row is read
 * only when it matches, and the total (up to 10,000) is counted from the index alone. The selective
 * filters (requester, department, revocation date) have indexes of their own.
 */
/** the few-valued filters, carried by the order indexes */
const FILTERS = ['status', 'certificateType', 'keyType', 'method'] as const;

export const CertificateRowSchema = new EntitySchema<CertificateRow>({
  name: 'CertificateRow',
  // certificate_list before the filters: a new table (and projection name) so that an existing read
  // model is replayed into it on the first start, filling the new columns and the name table.
  tableName: 'certificate_listing',
  properties: {
    id: { type: 'string', primary: true },
    organisationId: { type: 'string' },
    departmentId: { type: 'string', nullable: true },
    status: { type: 'string' },
    commonName: { type: 'string' },
    names: { type: 'text' },
    serialNumber: { type: 'string' },
    keyAlgorithm: { type: 'string' },
    keyType: { type: 'string' },
    certificateType: { type: 'string' },
    profile: { type: 'string' },
    issuerId: { type: 'string' },
    method: { type: 'string' },
    notBefore: { type: 'datetime' },
    notAfter: { type: 'datetime' },
    requestedBy: { type: 'string' },
    issuedAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
    revocationReason: { type: 'string', nullable: true },
  },
  // Named: PostgreSQL cuts identifiers at 63 characters, and MikroORM's names for these would collide.
  indexes: [
    { name: 'certificate_listing_org_issued', properties: ['organisationId', 'issuedAt', 'id', ...FILTERS, 'departmentId'] },
    { name: 'certificate_listing_org_expiry', properties: ['organisationId', 'notAfter', 'id', ...FILTERS, 'departmentId'] },
    { name: 'certificate_listing_issued', properties: ['issuedAt', 'id', ...FILTERS] },
    { name: 'certificate_listing_expiry', properties: ['notAfter', 'id', ...FILTERS] },
    { name: 'certificate_listing_department', properties: ['departmentId', 'issuedAt', 'id'] },
    { name: 'certificate_listing_requester', properties: ['requestedBy', 'issuedAt', 'id'] },
    { name: 'certificate_listing_revoked', properties: ['revokedAt', 'id'] },
  ],
});

/** One row per name of a certificate (common name and SANs, lower case): the name filters' index. */
export interface CertificateNameRow {
  /** an integer key of its own, so that the SQLite trigram table can point at it (a stable rowid) */
  id: number;
  certificateId: string;
  /** so that a substring search within organisations reads their names from one index range */
  organisationId: string;
  name: string;
}

export const CertificateNameSchema = new EntitySchema<CertificateNameRow>({
  name: 'CertificateNameRow',
  tableName: 'certificate_listing_name',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    certificateId: { type: 'string' },
    organisationId: { type: 'string' },
    name: { type: 'string' },
  },
  // Exact match by name; substring within organisations from (organisation, name), read from the index
  // alone; substring everywhere through the trigram index made in the projection's `prepare`.
  indexes: [
    { properties: ['name'] },
    { properties: ['certificateId'] },
    { name: 'certificate_listing_name_org', properties: ['organisationId', 'name', 'certificateId'] },
  ],
});
