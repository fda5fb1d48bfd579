import { z } from 'zod';
import { ActorSchema, HistoryEntrySchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

export const CertificateHistory = defineRequest(
  'issuance.qry.certificate-history.v1',
  z.object({ actor: ActorSchema, certificateId: z.string() }),
  z.array(HistoryEntrySchema),
);

export type CertificateHistoryRequest = RequestOf<typeof CertificateHistory>;
export type CertificateHistoryResponse = ResponseOf<typeof CertificateHistory>;
