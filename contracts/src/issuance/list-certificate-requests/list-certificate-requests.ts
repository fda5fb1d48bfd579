import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateRequestStatusSchema, CertificateRequestViewSchema } from '../certificate-request.schemas';

/**
 * Certificate requests in the caller's scope (MRAO: all; RAO: its organisations; DRAO: its
 * departments), newest first (requestedAt, then id: a stable order for paging).
 */
export const ListCertificateRequests = defineRequest(
  'issuance.qry.list-certificate-requests.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string().optional(),
    status: CertificateRequestStatusSchema.optional(),
    /** who asked (an admin id, or `acme-account:<id>`) */
    requestedBy: z.string().optional(),
    departmentId: z.string().optional(),
    /** a name the request asks for: part of one (`contains`, the default) or one of them exactly (`exact`); lower case */
    name: z.string().optional(),
    nameMatch: z.enum(['contains', 'exact']).default('contains'),
    /** requested at or after this instant (ISO 8601) */
    requestedFrom: z.string().optional(),
    /** requested before this instant (ISO 8601) */
    requestedTo: z.string().optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  }),
  z.object({ items: z.array(CertificateRequestViewSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
);

export type ListCertificateRequestsRequest = RequestOf<typeof ListCertificateRequests>;
export type ListCertificateRequestsResponse = ResponseOf<typeof ListCertificateRequests>;
