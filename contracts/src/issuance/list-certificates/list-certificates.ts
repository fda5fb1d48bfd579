import { z } from 'zod';
import { ActorSchema, CertificateTypeSchema, RequestMethodSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateStatusSchema, CertificateSummarySchema } from '../issuance.schemas';

/** A key as listings name it: the algorithm and its size or curve ('RSA 2048' → 'rsa-2048', 'ECDSA P-256' → 'ecdsa-p256'). */
export const KeyTypeSchema = z.string().regex(/^(rsa-[0-9]{4}|ecdsa-p(256|384|521))$/, 'rsa-<bits> (e.g. rsa-2048) or ecdsa-p256 / ecdsa-p384');

/** The orders a listing may come in; every order ends with the certificate id, so pages never overlap. */
export const ListSortSchema = z.enum(['-issuedAt', 'issuedAt', '-notAfter', 'notAfter']);

/** The largest total counted exactly: beyond it the listing says "more than" (totalExact false) instead of counting every row. */
export const LIST_COUNT_LIMIT = 10_000;

const Instant = z.iso.datetime({ offset: true });

export const ListCertificates = defineRequest(
  'issuance.qry.list-certificates.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string().optional(),
    status: CertificateStatusSchema.optional(),
    /** only this department's certificates (within what the caller may see) */
    departmentId: z.string().optional(),
    certificateType: CertificateTypeSchema.optional(),
    /** a name of the certificate (common name or any SAN), matched without regard to case */
    name: z.string().min(3).max(253).optional(),
    /** contains (default): `name` anywhere in a name; exact: a name equal to `name` */
    nameMatch: z.enum(['contains', 'exact']).optional(),
    /** the admin id (or the requester's id) recorded on the certificate */
    requestedBy: z.string().optional(),
    method: RequestMethodSchema.optional(),
    keyType: KeyTypeSchema.optional(),
    /** ISO 8601 instants, inclusive: issuedFrom <= issuedAt <= issuedTo */
    issuedFrom: Instant.optional(),
    issuedTo: Instant.optional(),
    /** on notAfter, inclusive */
    expiresFrom: Instant.optional(),
    expiresTo: Instant.optional(),
    /** notAfter between now and now + N days (issuance's clock), on top of expiresFrom / expiresTo */
    expiringWithinDays: z.number().int().min(0).max(3650).optional(),
    /** on revokedAt, inclusive (only revoked certificates have one) */
    revokedFrom: Instant.optional(),
    revokedTo: Instant.optional(),
    sort: ListSortSchema.default('-issuedAt'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  }),
  z.object({
    items: z.array(CertificateSummarySchema),
    /** exact when totalExact is not false; otherwise at least this many (LIST_COUNT_LIMIT) */
    total: z.number().int(),
    page: z.number().int(),
    /** false when more rows match than were counted (total is then LIST_COUNT_LIMIT) */
    totalExact: z.boolean().optional(),
  }),
);

export type ListCertificatesRequest = RequestOf<typeof ListCertificates>;
export type ListCertificatesResponse = ResponseOf<typeof ListCertificates>;
