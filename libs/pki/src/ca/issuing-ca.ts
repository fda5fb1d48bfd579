/**
 * One issuing CA as the signing code needs it: its certificate, the raw DER pieces that go into
 * every certificate, CRL and OCSP response it signs, and its Signer. Built once at start-up.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ecdsaSignatureToDer, nullValue, oid, sequence } from '../asn1/der-writer';
import { readChildren, readTlv } from '../der';
import { encodePem } from '../pem';
import type { x509 } from '../x509';
import type { IssuerId } from './profiles';
import type { Signer, SignatureAlgorithm } from './signer';

const SIGNATURE_ALGORITHMS: Record<string, Buffer> = {
  'RSASSA-PKCS1-v1_5/SHA-256': sequence(oid('1.2.840.113549.1.1.11'), nullValue()),
  'ECDSA/SHA-256': sequence(oid('1.2.840.10045.4.3.2')),
  'ECDSA/SHA-384': sequence(oid('1.2.840.10045.4.3.3')),
};

export const signatureAlgorithmDer = (algorithm: SignatureAlgorithm): Buffer =>
  SIGNATURE_ALGORITHMS[`${algorithm.name}/${algorithm.hash}`];

/** The TLVs of a SEQUENCE's contents, each as its full encoding (tag, length and value). */
export function rawChildren(der: Buffer): Buffer[] {
  const outer = readTlv(der);
  const start = outer.end - outer.value.length;
  let offset = start;
  return readChildren(outer.value).map((child) => {
    const raw = der.subarray(offset, start + child.end);
    offset = start + child.end;
    return raw;
  });
}

export class IssuingCa {
  readonly der: Buffer;
  readonly pem: string;
  /** the issuing CA's subject Name, DER: the issuer of everything it signs */
  readonly subjectDer: Buffer;
  /** its SKI: the AKI of what it signs, and its OCSP responder id */
  readonly keyId: Buffer;
  /** SHA-1 of the subject Name and of the public key bits: how OCSP CertIDs name it */
  readonly nameHash: { sha1: Buffer; sha256: Buffer };
  readonly keyHash: { sha1: Buffer; sha256: Buffer };
  readonly signatureAlgorithm: Buffer;
  readonly notAfter: Date;
  readonly #signer: Signer;
  readonly #verifyKey: KeyObject | undefined;
  readonly #signDer: ((data: Uint8Array) => Buffer) | undefined;

  constructor(
    readonly id: IssuerId,
    readonly certificate: x509.X509Certificate,
    signer: Signer,
    /** issuing CA then root */
    readonly chainPem: string,
  ) {
    this.der = Buffer.from(certificate.rawData);
    this.pem = encodePem(this.der, 'CERTIFICATE');
    const tbs = rawChildren(rawChildren(this.der)[0]);
    const offset = tbs[0][0] === 0xa0 ? 1 : 0; // [0] version is present in v3 certificates
    this.subjectDer = tbs[offset + 4];
    const spki = tbs[offset + 5];
    const [, keyBits] = readChildren(readTlv(spki).value);
    const publicKeyBits = keyBits.value.subarray(1);
    this.nameHash = { sha1: digest('sha1', this.subjectDer), sha256: digest('sha256', this.subjectDer) };
    this.keyHash = { sha1: digest('sha1', publicKeyBits), sha256: digest('sha256', publicKeyBits) };
    this.keyId = this.keyHash.sha1;
    this.signatureAlgorithm = signatureAlgorithmDer(signer.algorithm);
    this.notAfter = certificate.notAfter;
    this.#signer = signer;
    const selfChecking = (signer as { selfChecking?: boolean }).selfChecking === true;
    this.#verifyKey = selfChecking ? undefined : createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const signDer = (signer as { signDer?: (data: Uint8Array) => Buffer }).signDer;
    this.#signDer = signDer && selfChecking ? signDer.bind(signer) : undefined;
  }

  /**
   * The signature, synchronously, when the signer offers that and checks itself; otherwise
   * undefined, and `sign` is the way. Issuance uses it to spare a promise per certificate.
   */
  signNow(tbs: Buffer): Buffer | undefined {
    return this.#signDer?.(tbs);
  }

  /**
   * Signs DER bytes; returns the signature as X.509 carries it (ECDSA as a DER SEQUENCE). A signer
   * that is not known to check itself (an HSM, say) has every signature verified before use.
   */
  async sign(tbs: Buffer): Promise<Buffer> {
    const now = this.signNow(tbs);
    if (now) return now;
    const raw = Buffer.from(await this.#signer.sign(tbs));
    const signature = this.#signer.algorithm.name === 'ECDSA' ? ecdsaSignatureToDer(raw) : raw;
    if (this.#verifyKey && !verify(this.#signer.algorithm.hash.replace('-', '').toLowerCase(), tbs, this.#verifyKey, signature)) {
      throw new Error('the signer produced a signature that does not verify with its own public key');
    }
    return signature;
  }
}

const digest = (algorithm: string, data: Buffer): Buffer => createHash(algorithm).update(data).digest();
