import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * The current CRL of one issuing CA (public: relying parties fetch it from the URL in certificates),
 * whole, in one reply: over NATS (1 MiB messages by default) only up to ~750 KiB of DER, some 18,000
 * entries. The gateway uses GetCrlInfo and GetCrlPart instead.
 */
export const GetCrl = defineRequest(
  'issuance.qry.crl.v1',
  z.object({ issuerId: z.string() }),
  z.object({
    /** DER, base64 */
    crlDer: z.string(),
    number: z.number().int(),
    thisUpdate: z.string(),
    nextUpdate: z.string(),
  }),
);

export type GetCrlRequest = RequestOf<typeof GetCrl>;
export type GetCrlResponse = ResponseOf<typeof GetCrl>;
