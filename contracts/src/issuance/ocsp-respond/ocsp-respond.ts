import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** An OCSP request (RFC 6960) in, the signed response out; both DER, base64. Public. */
export const OcspRespond = defineRequest(
  'issuance.qry.ocsp.v1',
  z.object({ requestDer: z.string().max(16_384) }),
  z.object({ responseDer: z.string() }),
);

export type OcspRespondRequest = RequestOf<typeof OcspRespond>;
export type OcspRespondResponse = ResponseOf<typeof OcspRespond>;
