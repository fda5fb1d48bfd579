import { generateKeyPairSync, sign as nodeSign, webcrypto, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { x509 } from '../x509';
import { randomSerialNumber } from './serial-number';
import { signCertificate, SoftwareSigner, type SignatureAlgorithm, type Signer } from './signer';

/** A Signer that never hands its key to WebCrypto, as an HSM-backed one would not: node:crypto.sign over a KeyObject. */
class OpaqueSigner implements Signer {
  readonly algorithm: SignatureAlgorithm = { name: 'ECDSA', hash: 'SHA-256' };
  signed = 0;
  private constructor(
    readonly publicKey: webcrypto.CryptoKey,
    private readonly key: KeyObject,
  ) {}
  static async create(): Promise<OpaqueSigner> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const imported = await webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    return new OpaqueSigner(imported, privateKey);
  }
  async sign(data: Uint8Array): Promise<ArrayBuffer> {
    this.signed++;
    const signature = nodeSign('sha256', data, { key: this.key, dsaEncoding: 'ieee-p1363' });
    return new Uint8Array(signature).buffer;
  }
}

const subjectKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });

const params = () => ({
  serialNumber: randomSerialNumber(),
  subject: 'CN=leaf.example.com',
  issuer: 'CN=Test Signer',
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2026-02-01T00:00:00Z'),
  publicKey: new Uint8Array(subjectKey()),
  extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
});

describe('signCertificate', () => {
  it('routes the one private-key operation to any Signer implementation', async () => {
    const signer = await OpaqueSigner.create();
    const certificate = await signCertificate(signer, params());
    expect(signer.signed).toBe(1);
    expect(certificate.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(await certificate.verify({ publicKey: signer.publicKey, signatureOnly: true })).toBe(true);
  });

  it('refuses to return a certificate whose signature does not verify', async () => {
    const signer = await OpaqueSigner.create();
    const lying: Signer = { algorithm: signer.algorithm, publicKey: signer.publicKey, sign: async () => new ArrayBuffer(64) };
    await expect(signCertificate(lying, params())).rejects.toThrow(/does not verify/);
  });

  it('the software signer keeps its key out of inspection and JSON', async () => {
    const signer = await SoftwareSigner.fromKeyObject(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    expect(`${inspect(signer, { showHidden: true, depth: 5 })} ${JSON.stringify(signer)}`).not.toMatch(/private/i);
    const certificate = await signCertificate(signer, params());
    expect(certificate.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
  });
});
