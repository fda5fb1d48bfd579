/**
 * The key policy of csr/key-policy.ts, re-checked at signing time from the SPKI's DER alone.
 * parseCsr has already had OpenSSL read the key; here the CA only makes sure that a hand-built
 * CsrInfo cannot smuggle in a key the policy refuses. Reading the DER costs about a microsecond;
 * asking OpenSSL again (createPublicKey) costs 140-190 µs, several times an ECDSA signature.
 */
import { DomainError } from '@platform/kernel';
import { CsrErrorCode } from '../csr/csr.errors';
import type { KeyDescription } from '../csr/key-policy';
import { readChildren, readTlv } from '../der';

const RSA = '2a864886f70d010101';
const EC = '2a8648ce3d0201';
const CURVES: Record<string, { curve: 'P-256' | 'P-384'; bits: number }> = {
  '2a8648ce3d030107': { curve: 'P-256', bits: 256 },
  '2b81040022': { curve: 'P-384', bits: 384 },
};

const refused = (what: string): DomainError =>
  new DomainError(CsrErrorCode.keyUnsupported, 'invalid', `The public key is not accepted: ${what}. Use RSA 2048-4096 (e = 65537) or ECDSA P-256/P-384.`);

// The one DER encoding of a P-256 / P-384 SPKI up to its point (0x04 ‖ x ‖ y): most ECDSA keys are
// recognised by comparing bytes, with nothing allocated; any other input is read field by field.
const EC_SPKI = [
  { head: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d03010703420004', 'hex'), length: 91, curve: 'P-256', bits: 256 },
  { head: Buffer.from('3076301006072a8648ce3d020106052b8104002203620004', 'hex'), length: 120, curve: 'P-384', bits: 384 },
] as const;

export function checkSpkiPolicy(spki: Buffer): KeyDescription {
  for (const { head, length, curve, bits } of EC_SPKI) {
    if (spki.length === length && spki.compare(head, 0, head.length, 0, head.length) === 0) return { keyAlgorithm: 'ECDSA', keyBits: bits, curve };
  }
  try {
    const outer = readTlv(spki);
    if (outer.tag !== 0x30 || outer.end !== spki.length) throw refused('the SubjectPublicKeyInfo is malformed');
    const [algorithm, key] = readChildren(outer.value);
    const [algorithmOid, parameters] = readChildren(algorithm.value);
    const keyBits = key.value.subarray(1);
    const oid = algorithmOid.value.toString('hex');
    if (oid === RSA) {
      const [modulus, exponent] = readChildren(readTlv(keyBits).value);
      let m = modulus.value;
      while (m.length > 0 && m[0] === 0) m = m.subarray(1);
      const bits = m.length * 8 - Math.clz32(m[0]) + 24;
      if (bits < 2048 || bits > 4096 || bits % 8 !== 0) throw refused(`an RSA key of ${bits} bits`);
      if (exponent.value.toString('hex') !== '010001') throw refused('an RSA exponent other than 65537');
      return { keyAlgorithm: 'RSA', keyBits: bits };
    }
    if (oid === EC && parameters?.tag === 0x06) {
      const accepted = CURVES[parameters.value.toString('hex')];
      if (!accepted) throw refused('an ECDSA curve other than P-256 or P-384');
      if (keyBits[0] !== 0x04 || keyBits.length !== 1 + (accepted.bits / 8) * 2) throw refused('a malformed ECDSA point');
      return { keyAlgorithm: 'ECDSA', keyBits: accepted.bits, curve: accepted.curve };
    }
    throw refused('an algorithm other than RSA or ECDSA');
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw refused('the SubjectPublicKeyInfo is malformed');
  }
}
