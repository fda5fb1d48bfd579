import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateStatusSchema, CertificateSummarySchema } from '../issuance.schemas';

export const ListCertificates = defineRequest(
  'issuance.qry.list-certificates.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string().optional(),
    status: CertificateStatusSchema.optional(),
    /** only this department's certificates (within what the caller may see) */
    departmentId: z.string().optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  }),
  z.object({ items: z.array(CertificateSummarySchema), total: z.number().int(), page: z.number().int() }),
);

export type ListCertificatesRequest = RequestOf<typeof ListCertificates>;
export type ListCertificatesResponse = ResponseOf<typeof ListCertificates>;
