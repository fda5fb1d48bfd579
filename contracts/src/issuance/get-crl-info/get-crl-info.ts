import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * Which CRL of one issuing CA is current, without its bytes: what a front end that keeps a copy
 * (the gateway) asks on every download, fetching the bytes (GetCrl) only when the number changed.
 */
export const GetCrlInfo = defineRequest(
  'issuance.qry.crl-info.v1',
  z.object({ issuerId: z.string() }),
  z.object({
    number: z.number().int(),
    thisUpdate: z.string(),
    nextUpdate: z.string(),
    /** hex SHA-256 of the DER */
    sha256: z.string(),
  }),
);

export type GetCrlInfoRequest = RequestOf<typeof GetCrlInfo>;
export type GetCrlInfoResponse = ResponseOf<typeof GetCrlInfo>;
