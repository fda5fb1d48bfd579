import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** Bytes per part: a CRL of 100,000 entries is ~4.4 MiB, and a NATS message is at most 1 MiB by default. */
export const CRL_PART_BYTES = 512 * 1024;

/**
 * One part of the CRL whose SHA-256 GetCrlInfo named, from whichever instance holds exactly those
 * bytes (ECDSA signatures differ between instances that signed the same CRL): another instance
 * answers CRL_NOT_HELD and the caller asks again.
 */
export const GetCrlPart = defineRequest(
  'issuance.qry.crl-part.v1',
  z.object({
    issuerId: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    offset: z.number().int().min(0),
  }),
  z.object({
    totalBytes: z.number().int(),
    /** DER bytes [offset, offset + CRL_PART_BYTES), base64 */
    partDer: z.string(),
  }),
);

export type GetCrlPartRequest = RequestOf<typeof GetCrlPart>;
export type GetCrlPartResponse = ResponseOf<typeof GetCrlPart>;
