/**
 * Which subscriber keys we certify: RSA 2048-4096 bits (a multiple of 8, exponent 65537) or
 * ECDSA on P-256 / P-384, as the CA/B Forum Baseline Requirements and the root programs allow.
 * The SPKI is read by OpenSSL (node:crypto), not by hand: `importSpki` may hand OpenSSL the key's
 * numbers rather than its DER, but only when they are provably the whole of the SPKI.
 */
import { createPublicKey, KeyObject, webcrypto } from 'node:crypto';
import { DomainError } from '@platform/kernel';
import { readChildren, readTlv } from '../der';
import { CsrErrorCode } from './csr.errors';

export interface KeyDescription {
  keyAlgorithm: 'RSA' | 'ECDSA';
  keyBits: number;
  curve?: 'P-256' | 'P-384';
}

const CURVES: Record<string, { curve: 'P-256' | 'P-384'; bits: number }> = {
  prime256v1: { curve: 'P-256', bits: 256 },
  secp384r1: { curve: 'P-384', bits: 384 },
};
/** OpenSSL names → NIST names, so errors speak the words users see in tool options. */
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

const ADVICE =
  'Generate a new key: RSA 2048, 3072 or 4096 bits with exponent 65537 ' +
  '(`openssl req -newkey rsa:2048`) or ECDSA P-256 / P-384 ' +
  '(`openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256`).';

const unsupported = (what: string, details: Record<string, unknown>): DomainError =>
  new DomainError(
    CsrErrorCode.keyUnsupported,
    'invalid',
    `The CSR's public key is not accepted: ${what}. ${ADVICE}`,
    details,
  );

/**
 * The SubjectPublicKeyInfo as a KeyObject, for the key policy and the signature check alike.
 * Throws CSR_KEY_UNSUPPORTED when OpenSSL cannot read it.
 *
 * OpenSSL 3.0 spends over 100 µs in its decoder framework on every DER key, more than an RSA
 * verification. The common keys are handed to it as numbers instead (an RSA JWK: ~5 µs; a raw EC
 * point: ~50 µs, most of it OpenSSL checking the point is on the curve), but only when those
 * numbers are provably the SPKI's own. Everything else is left to the DER decoder.
 */
export async function importSpki(spkiDer: Buffer): Promise<KeyObject> {
  const fast = (await importEcPoint(spkiDer)) ?? importRsaJwk(spkiDer);
  if (fast) return fast;
  try {
    return createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch {
    throw unsupported('its algorithm or parameters are not recognised', { algorithm: 'unknown' });
  }
}

/** The SPKI of a named-curve key up to its uncompressed point (0x04 ‖ x ‖ y); the lengths in it fix the rest. */
const EC_SPKI_HEADERS = [
  { namedCurve: 'P-256', header: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), pointLength: 65 },
  { namedCurve: 'P-384', header: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), pointLength: 97 },
];

/** When the SPKI is byte for byte the canonical encoding of a P-256 or P-384 key, the point it ends with is the key. */
async function importEcPoint(spkiDer: Buffer): Promise<KeyObject | undefined> {
  const match = EC_SPKI_HEADERS.find(
    ({ header, pointLength }) => spkiDer.length === header.length + pointLength && spkiDer.subarray(0, header.length).equals(header),
  );
  if (!match) return undefined;
  try {
    // WebCrypto is Node's only way in for a raw point; the key it makes is an ordinary KeyObject.
    const point = spkiDer.subarray(match.header.length);
    return KeyObject.from(await webcrypto.subtle.importKey('raw', point, { name: 'ECDSA', namedCurve: match.namedCurve }, false, ['verify']));
  } catch {
    return undefined; // not a point on the curve: the DER decoder will say what it makes of it
  }
}

const RSA_ENCRYPTION = '2a864886f70d010101';

/** An RSA key whose modulus and exponent, re-encoded by OpenSSL, give back the very same SPKI. */
function importRsaJwk(spkiDer: Buffer): KeyObject | undefined {
  try {
    const [algorithm, bits] = readChildren(readTlv(spkiDer).value);
    if (readChildren(algorithm.value)[0].value.toString('hex') !== RSA_ENCRYPTION) return undefined;
    const [n, e] = readChildren(readTlv(bits.value, 1).value);
    const key = createPublicKey({ key: { kty: 'RSA', n: unsigned(n.value), e: unsigned(e.value) }, format: 'jwk' });
    return key.export({ type: 'spki', format: 'der' }).equals(spkiDer) ? key : undefined;
  } catch {
    return undefined;
  }
}

const unsigned = (integer: Buffer): string => integer.subarray(integer[0] === 0 ? 1 : 0).toString('base64url');

/** Throws CSR_KEY_UNSUPPORTED unless the key is one we accept. */
export function describeAcceptedKey(key: KeyObject): KeyDescription {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    const exponent = details.publicExponent;
    if (bits < 2048 || bits > 4096 || bits % 8 !== 0) {
      throw unsupported(`an RSA key of ${bits} bits (2048 to 4096, a multiple of 8, is required)`, {
        algorithm: 'RSA',
        bits,
      });
    }
    if (exponent !== 65537n) {
      throw unsupported(`an RSA key with public exponent ${exponent} (65537 is required)`, {
        algorithm: 'RSA',
        bits,
        exponent: String(exponent),
      });
    }
    return { keyAlgorithm: 'RSA', keyBits: bits };
  }
  if (type === 'ec') {
    const named = details.namedCurve;
    const accepted = named ? CURVES[named] : undefined;
    if (!accepted) {
      const curve = named ? (CURVE_NAMES[named] ?? named) : 'explicit parameters';
      throw unsupported(`an ECDSA key on curve ${curve} (P-256 or P-384 is required)`, { algorithm: 'ECDSA', curve });
    }
    return { keyAlgorithm: 'ECDSA', keyBits: accepted.bits, curve: accepted.curve };
  }
  const algorithm = type ?? 'unknown';
  throw unsupported(`a key of type ${algorithm} (only RSA and ECDSA are accepted)`, { algorithm });
}
