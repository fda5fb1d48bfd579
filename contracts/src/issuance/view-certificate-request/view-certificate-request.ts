import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { CertificateRequestViewSchema } from '../certificate-request.schemas';

/** One certificate request, read from its stream (what the 202's Location points at). Out of scope: 404. */
export const ViewCertificateRequest = defineRequest(
  'issuance.qry.view-certificate-request.v1',
  z.object({ actor: ActorSchema, requestId: z.string() }),
  CertificateRequestViewSchema,
);

export type ViewCertificateRequestRequest = RequestOf<typeof ViewCertificateRequest>;
export type ViewCertificateRequestResponse = ResponseOf<typeof ViewCertificateRequest>;
