/**
 * Which subscriber keys we certify: RSA 2048-4096 bits (a multiple of 8, exponent 65537) or
 * ECDSA on P-256 / P-384, as the CA/B Forum Baseline Requirements and the root programs allow.
 * The SPKI is read by OpenSSL (node:crypto), not by hand.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { DomainError } from '@platform/kernel';
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

/** Throws CSR_KEY_UNSUPPORTED unless the SubjectPublicKeyInfo holds an accepted key. */
export function describeAcceptedKey(spkiDer: Buffer): KeyDescription {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch {
    throw unsupported('its algorithm or parameters are not recognised', { algorithm: 'unknown' });
  }
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
