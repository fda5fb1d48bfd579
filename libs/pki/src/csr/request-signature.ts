/**
 * Checks a CSR's self-signature with node:crypto (OpenSSL), given the key already imported from
 * its SPKI. The algorithms are those @peculiar/x509 verified before: RSA PKCS#1 v1.5 and ECDSA with
 * SHA-1/256/384/512, and RSASSA-PSS. The algorithm must fit the key type: OpenSSL would otherwise
 * verify with whatever the key is, whatever the CSR claims.
 */
import { constants, verify, type KeyObject } from 'node:crypto';
import { decodeOid, readChildren, type Tlv } from '../der';
import type { RequestStructure } from './request-structure';

const PKCS1_V1_5: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

interface Scheme {
  hash: string;
  options: { padding?: number; saltLength?: number; dsaEncoding?: 'der' };
}

/** False, never an exception, for anything that does not prove possession of the private key. */
export function signatureVerifies(request: RequestStructure, key: KeyObject): boolean {
  try {
    const scheme = schemeFor(request.signatureAlgorithm, key.asymmetricKeyType);
    return scheme !== undefined && verify(scheme.hash, request.signedBytes, { key, ...scheme.options }, request.signature);
  } catch {
    // Unreadable PSS parameters, or an ECDSA signature that is not a DER SEQUENCE of two INTEGERs.
    return false;
  }
}

function schemeFor({ oid, parameters }: RequestStructure['signatureAlgorithm'], keyType: string | undefined): Scheme | undefined {
  if (keyType === 'ec' && ECDSA[oid]) return { hash: ECDSA[oid], options: { dsaEncoding: 'der' } };
  if (keyType !== 'rsa') return undefined;
  if (PKCS1_V1_5[oid]) return { hash: PKCS1_V1_5[oid], options: { padding: constants.RSA_PKCS1_PADDING } };
  if (oid === RSASSA_PSS && parameters) return pssScheme(parameters);
  return undefined;
}

/**
 * RSASSA-PSS-params ::= SEQUENCE { [0] hashAlgorithm DEFAULT sha1, [1] maskGenAlgorithm,
 * [2] saltLength DEFAULT 20, [3] trailerField }. The mask is MGF1 with the same hash, as in
 * WebCrypto before; a signature that verifies so proves possession whatever the CSR says of it.
 */
function pssScheme(parameters: Tlv): Scheme | undefined {
  if (parameters.tag !== 0x30) return undefined;
  let hash: string | undefined = 'sha1';
  let saltLength = 20;
  for (const field of readChildren(parameters.value)) {
    const [inner] = readChildren(field.value);
    if (field.tag === 0xa0) hash = inner?.tag === 0x30 ? HASHES[decodeOid(readChildren(inner.value)[0].value)] : undefined;
    if (field.tag === 0xa2) saltLength = inner?.tag === 0x02 && inner.value.length <= 2 ? inner.value.readUIntBE(0, inner.value.length) : -1;
  }
  if (!hash || saltLength < 0) return undefined;
  return { hash, options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } };
}
