/**
 * An OCSP responder's encoding half (RFC 6960): reads an OCSPRequest, asks `lookup` for each
 * certificate's status, and returns a BasicOCSPResponse signed by the issuing CA itself (so no
 * delegated responder certificate is needed, RFC 6960 4.2.2.2). A nonce is echoed when sent.
 * Never throws on bad input: a broken request gets the malformedRequest status, as clients expect.
 */
import { bitString, enumerated, explicit, generalizedTime, octetString, oid, sequence, tlv } from '../asn1/der-writer';
import type { IssuingCa } from '../ca/issuing-ca';
import { rawChildren } from '../ca/issuing-ca';
import { readTlv } from '../der';
import { reasonCode } from './reasons';

export type OcspStatus = { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: string } | { status: 'unknown' };

/** Looks up one serial (lower-case hex, no leading zeros) under one issuing CA. */
export type OcspLookup = (issuerId: string, serialNumber: string) => Promise<OcspStatus>;

const RESPONSE_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;
const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  basic: '1.3.6.1.5.5.7.48.1.1',
};
/** How long a response may be cached (BR 4.9.10: at least 8 hours, at most 10 days). */
const VALIDITY_MS = 24 * 3_600_000;

interface ParsedRequest {
  certId: Buffer;
  hash: 'sha1' | 'sha256';
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialNumber: string;
}

const statusOnly = (status: number): Buffer => sequence(enumerated(status));

export class OcspRequestError extends Error {}

/** Parses an OCSPRequest; throws OcspRequestError when it is not one. */
export function parseOcspRequest(der: Buffer): { requests: ParsedRequest[]; nonce?: Buffer } {
  try {
    if (readTlv(der).end !== der.length) throw new OcspRequestError('trailing bytes');
    const [tbsRequest] = rawChildren(der);
    const fields = rawChildren(tbsRequest);
    let nonce: Buffer | undefined;
    const requestList = fields.find((f) => f[0] === 0x30);
    if (!requestList) throw new OcspRequestError('no requestList');
    const extensionsField = fields.find((f) => f[0] === 0xa2);
    if (extensionsField) {
      for (const ext of rawChildren(rawChildren(extensionsField)[0])) {
        const [id] = rawChildren(ext);
        if (id.equals(oid(OID.nonce))) nonce = ext;
      }
    }
    const requests = rawChildren(requestList).map((request) => {
      const [certId] = rawChildren(request);
      const [algorithm, nameHash, keyHash, serial] = rawChildren(certId);
      const [algorithmId] = rawChildren(algorithm);
      const hash = algorithmId.equals(oid(OID.sha1)) ? 'sha1' : algorithmId.equals(oid(OID.sha256)) ? 'sha256' : undefined;
      if (!hash || serial[0] !== 0x02) throw new OcspRequestError('unsupported CertID');
      let serialBytes = readTlv(serial).value;
      while (serialBytes.length > 1 && serialBytes[0] === 0) serialBytes = serialBytes.subarray(1);
      return {
        certId,
        hash,
        issuerNameHash: readTlv(nameHash).value,
        issuerKeyHash: readTlv(keyHash).value,
        serialNumber: serialBytes.toString('hex'),
      } satisfies ParsedRequest;
    });
    if (requests.length === 0) throw new OcspRequestError('empty requestList');
    return { requests, nonce };
  } catch (e) {
    throw e instanceof OcspRequestError ? e : new OcspRequestError('not an OCSPRequest');
  }
}

export async function respondOcsp(issuers: readonly IssuingCa[], requestDer: Buffer, lookup: OcspLookup, now: Date): Promise<Buffer> {
  let parsed: ReturnType<typeof parseOcspRequest>;
  try {
    parsed = parseOcspRequest(requestDer);
  } catch {
    return statusOnly(RESPONSE_STATUS.malformedRequest);
  }
  const issuerOf = (r: ParsedRequest) =>
    issuers.find((i) => i.nameHash[r.hash].equals(r.issuerNameHash) && i.keyHash[r.hash].equals(r.issuerKeyHash));
  // One response is signed by one key: the first request's CA answers; others' certificates are "unknown" to it.
  const signer = issuerOf(parsed.requests[0]);
  if (!signer) return statusOnly(RESPONSE_STATUS.unauthorized);
  const thisUpdate = generalizedTime(now);
  const nextUpdate = explicit(0, generalizedTime(new Date(now.getTime() + VALIDITY_MS)));
  const single = await Promise.all(
    parsed.requests.map(async (request) => {
      const status: OcspStatus = issuerOf(request) === signer ? await lookup(signer.id, request.serialNumber) : { status: 'unknown' };
      return sequence(request.certId, certStatus(status), thisUpdate, nextUpdate);
    }),
  );
  const responseData = sequence(
    explicit(2, octetString(signer.keyId)), // responderID byKey
    generalizedTime(now),
    sequence(...single),
    ...(parsed.nonce ? [explicit(1, sequence(parsed.nonce))] : []),
  );
  const basic = sequence(responseData, signer.signatureAlgorithm, bitString(await signer.sign(responseData)));
  return sequence(enumerated(RESPONSE_STATUS.successful), explicit(0, sequence(oid(OID.basic), octetString(basic))));
}

function certStatus(status: OcspStatus): Buffer {
  if (status.status === 'good') return Buffer.from([0x80, 0x00]);
  if (status.status === 'unknown') return Buffer.from([0x82, 0x00]);
  const code = reasonCode(status.reason);
  // RevokedInfo ::= SEQUENCE { revocationTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }, [1] IMPLICIT
  return tlv(0xa1, generalizedTime(status.revokedAt), ...(code ? [explicit(0, enumerated(code))] : []));
}
