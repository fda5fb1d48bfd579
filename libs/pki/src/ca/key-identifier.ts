import { createHash } from 'node:crypto';
import { readChildren, readTlv } from '../der';

/**
 * RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's contents (without its
 * unused-bits octet), lower-case hex. Computed here with node:crypto because the WebCrypto
 * digest @peculiar/x509 would use costs a thread-pool round trip for a few hundred bytes.
 */
export function keyIdentifier(spki: Buffer): string {
  return keyIdentifierBytes(spki).toString('hex');
}

/** The same as bytes, for the DER writer (no hex round trip on the issuance path). */
export function keyIdentifierBytes(spki: Buffer): Buffer {
  const [, subjectPublicKey] = readChildren(readTlv(spki).value);
  if (!subjectPublicKey || subjectPublicKey.tag !== 0x03) throw new Error('not a SubjectPublicKeyInfo');
  return createHash('sha1').update(subjectPublicKey.value.subarray(1)).digest();
}
