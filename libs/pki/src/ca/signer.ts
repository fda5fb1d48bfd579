/**
 * Everything that touches a CA private key goes through `Signer`, so the software signer
 * below can later be swapped for an HSM or a remote signing service without changing how
 * certificates are built. A Signer never exposes its key: it only signs bytes.
 */
import { createPublicKey, sign as nodeSign, webcrypto, type KeyObject } from 'node:crypto';
import { x509 } from '../x509';

type CryptoKey = webcrypto.CryptoKey;

export type SignatureAlgorithm =
  | { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' }
  | { name: 'ECDSA'; hash: 'SHA-256' | 'SHA-384' };

export interface Signer {
  readonly algorithm: SignatureAlgorithm;
  /** The public half: certificates are checked against it, and AKI/SKI are derived from it. */
  readonly publicKey: CryptoKey;
  /** Signs DER bytes (a TBSCertificate); returns the WebCrypto form of the signature (ECDSA: r‖s). */
  sign(data: Uint8Array): Promise<ArrayBuffer>;
}

/**
 * A signer over a key held in this process (OpenSSL underneath, through node:crypto). It signs
 * synchronously with the KeyObject rather than through WebCrypto: `subtle.sign` goes through the
 * libuv thread pool, which costs more than a P-256 signature itself (8k/s against 38k/s here).
 */
export class SoftwareSigner implements Signer {
  // A #private field: not enumerable, not in util.inspect or JSON, so the key cannot end up in a log.
  readonly #privateKey: KeyObject;
  readonly #hash: string;
  readonly #dsaEncoding: 'ieee-p1363' | undefined;

  private constructor(
    readonly algorithm: SignatureAlgorithm,
    readonly publicKey: CryptoKey,
    privateKey: KeyObject,
  ) {
    this.#privateKey = privateKey;
    this.#hash = algorithm.hash.replace('-', '').toLowerCase();
    // The Signer contract returns ECDSA signatures in WebCrypto's r‖s form.
    this.#dsaEncoding = algorithm.name === 'ECDSA' ? 'ieee-p1363' : undefined;
  }

  static async fromKeyObject(key: KeyObject): Promise<SoftwareSigner> {
    const { importParams, algorithm } = algorithmsFor(key);
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const publicKey = await webcrypto.subtle.importKey('spki', spki, importParams, true, ['verify']);
    return new SoftwareSigner(algorithm, publicKey, key);
  }

  /** Signatures from OpenSSL need no re-verification: its RSA-CRT code already checks its result. */
  get selfChecking(): boolean {
    return true;
  }

  /**
   * The signature as X.509 carries it (ECDSA as DER), synchronously: what IssuingCa uses when a
   * signer offers it, saving the r‖s round trip and a promise per certificate (a few µs of ~40).
   */
  signDer(data: Uint8Array): Buffer {
    return nodeSign(this.#hash, data, this.#privateKey);
  }

  sign(data: Uint8Array): Promise<ArrayBuffer> {
    const signature = nodeSign(this.#hash, data, { key: this.#privateKey, dsaEncoding: this.#dsaEncoding });
    return Promise.resolve(signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.length) as ArrayBuffer);
  }

  toJSON(): string {
    return `[SoftwareSigner ${this.algorithm.name}]`;
  }
}

function algorithmsFor(key: KeyObject): {
  importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  algorithm: SignatureAlgorithm;
} {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    return {
      importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    };
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'secp384r1') {
    return { importParams: { name: 'ECDSA', namedCurve: 'P-384' }, algorithm: { name: 'ECDSA', hash: 'SHA-384' } };
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') {
    return { importParams: { name: 'ECDSA', namedCurve: 'P-256' }, algorithm: { name: 'ECDSA', hash: 'SHA-256' } };
  }
  throw new Error(`unsupported CA key type ${key.asymmetricKeyType} ${details.namedCurve ?? ''}`.trim());
}

type CreateParams = Parameters<typeof x509.X509CertificateGenerator.create>[0];
type GeneratorCrypto = Parameters<typeof x509.X509CertificateGenerator.create>[1];
export type CertificateParams = Omit<CreateParams, 'signingKey' | 'signingAlgorithm' | 'signature'> & {
  /** Hex; required so that the generator never needs a random source from us. */
  serialNumber: string;
  /** DER SubjectPublicKeyInfo of the certified key. */
  publicKey: Uint8Array;
};

/**
 * Builds and signs a certificate with @peculiar/x509, routing its one private-key operation to
 * `signer`. Given a serial number, SPKI bytes and ready-made extensions, the generator's only
 * use of its crypto argument is `subtle.sign(algorithm, key, tbs)`; the key it passes back is
 * the signer's public key, used only to carry the algorithm (and the curve, for ECDSA).
 */
export async function signCertificate(signer: Signer, params: CertificateParams): Promise<x509.X509Certificate> {
  const routed = {
    subtle: { sign: (_algorithm: unknown, _key: unknown, data: ArrayBuffer) => signer.sign(new Uint8Array(data)) },
  } as unknown as GeneratorCrypto;
  const certificate = await x509.X509CertificateGenerator.create(
    { ...params, signingKey: signer.publicKey, signingAlgorithm: signer.algorithm },
    routed,
  );
  // A signer that returns a bad signature (a misconfigured HSM, say) must not yield a certificate.
  if (!(await certificate.verify({ publicKey: signer.publicKey, signatureOnly: true }))) {
    throw new Error('the signer produced a signature that does not verify with its own public key');
  }
  return certificate;
}
