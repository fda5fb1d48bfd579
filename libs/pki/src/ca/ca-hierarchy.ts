/**
 * Creates the CA hierarchy: a self-signed root (ECDSA P-384, 10 years) and issuing CAs under it
 * (path length 0, 5 years): TLS RSA 2048, TLS ECDSA P-256 and S/MIME RSA 2048, with the
 * extensions that `openssl verify -x509_strict` and the Baseline Requirements expect of CA
 * certificates. Each issuing CA is restricted by EKU to what it signs (BR 7.1.2.2, S/MIME BR 7.1.2.2).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { x509 } from '../x509';
import { generateCaKey } from './ca-keys';
import { keyIdentifier } from './key-identifier';
import { EKU, POLICY, type IssuerId } from './profiles';
import { randomSerialNumber } from './serial-number';
import { signCertificate, SoftwareSigner } from './signer';

export interface CaPair {
  certificate: x509.X509Certificate;
  key: KeyObject;
}

/** Certificates in this module are built from whole seconds: X.509 times carry no fractions. */
export const toSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

const addYears = (date: Date, years: number): Date => {
  const later = new Date(date);
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
};

// Backdated an hour so that a CA created just now is already valid on machines whose clocks lag.
const backdated = (now: Date): Date => toSeconds(new Date(now.getTime() - 3_600_000));

const { keyCertSign, cRLSign, digitalSignature } = x509.KeyUsageFlags;

export async function createRoot(name: string, now: Date): Promise<CaPair> {
  const key = await generateCaKey('ec-p384');
  const spki = spkiOf(key);
  const notBefore = backdated(now);
  const rootName: x509.JsonName = [{ O: [name] }, { CN: [`${name} Root CA`] }];
  const certificate = await signCertificate(await SoftwareSigner.fromKeyObject(key), {
    serialNumber: randomSerialNumber(),
    subject: rootName,
    issuer: rootName,
    notBefore,
    notAfter: addYears(notBefore, 10),
    publicKey: spki,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(keyCertSign | cRLSign, true),
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki)),
    ],
  });
  return { certificate, key };
}

const ISSUING: Record<IssuerId, { key: 'rsa-2048' | 'ec-p256'; cn: string; eku: string; policies: string[] }> = {
  // The first issuing CA's name is kept from the single-CA development store, which it continues.
  'tls-rsa': { key: 'rsa-2048', cn: 'Issuing CA', eku: EKU.serverAuth, policies: [POLICY.ov, POLICY.ev] },
  'tls-ecdsa': { key: 'ec-p256', cn: 'TLS ECDSA Issuing CA', eku: EKU.serverAuth, policies: [POLICY.ov, POLICY.ev] },
  smime: { key: 'rsa-2048', cn: 'S/MIME Issuing CA', eku: EKU.emailProtection, policies: [POLICY.smimeMailbox, POLICY.smimeOrganisation] },
};

export async function createIssuing(id: IssuerId, name: string, root: CaPair, now: Date): Promise<CaPair> {
  const profile = ISSUING[id];
  const key = await generateCaKey(profile.key);
  const spki = spkiOf(key);
  const notBefore = backdated(now);
  const rootSki = keyIdentifier(spkiOf(root.key));
  // digitalSignature as well: the issuing CA signs OCSP responses itself (RFC 6960 2.6, no delegated responder).
  const certificate = await signCertificate(await SoftwareSigner.fromKeyObject(root.key), {
    serialNumber: randomSerialNumber(),
    subject: [{ O: [name] }, { CN: [`${name} ${profile.cn}`] }] satisfies x509.JsonName,
    issuer: root.certificate.subjectName,
    notBefore,
    notAfter: addYears(notBefore, 5),
    publicKey: spki,
    extensions: [
      // pathLen 0: the issuing CA signs end-entity certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(keyCertSign | cRLSign | digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([profile.eku]),
      new x509.CertificatePolicyExtension(profile.policies),
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki)),
      new x509.AuthorityKeyIdentifierExtension(rootSki),
    ],
  });
  return { certificate, key };
}

export const spkiOf = (key: KeyObject): Buffer => createPublicKey(key).export({ type: 'spki', format: 'der' });
