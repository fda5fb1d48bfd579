/**
 * Creates the development CA hierarchy: a self-signed root (ECDSA P-384, 10 years) and one
 * issuing CA under it (RSA 2048, path length 0, 5 years), with the extensions that
 * `openssl verify -x509_strict` and the Baseline Requirements expect of CA certificates.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { x509 } from '../x509';
import { generateCaKey } from './ca-keys';
import { keyIdentifier } from './key-identifier';
import { randomSerialNumber } from './serial-number';
import { signCertificate, SoftwareSigner } from './signer';

export interface CaHierarchy {
  root: { certificate: x509.X509Certificate; key: KeyObject };
  issuing: { certificate: x509.X509Certificate; key: KeyObject };
}

/** Certificates in this module are built from whole seconds: X.509 times carry no fractions. */
export const toSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

const addYears = (date: Date, years: number): Date => {
  const later = new Date(date);
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
};

const OV_POLICY = '2.23.140.1.2.2';
const { keyCertSign, cRLSign } = x509.KeyUsageFlags;

export async function createHierarchy(name: string, now: Date): Promise<CaHierarchy> {
  const [rootKey, issuingKey] = await Promise.all([generateCaKey('root'), generateCaKey('issuing')]);
  const rootSigner = await SoftwareSigner.fromKeyObject(rootKey);
  const rootSpki = spkiOf(rootKey);
  const issuingSpki = spkiOf(issuingKey);
  // Backdated an hour so that a CA created just now is already valid on machines whose clocks lag.
  const notBefore = toSeconds(new Date(now.getTime() - 3_600_000));

  const rootSki = new x509.SubjectKeyIdentifierExtension(keyIdentifier(rootSpki));
  const rootName: x509.JsonName = [{ O: [name] }, { CN: [`${name} Root CA`] }];
  const root = await signCertificate(rootSigner, {
    serialNumber: randomSerialNumber(),
    subject: rootName,
    issuer: rootName,
    notBefore,
    notAfter: addYears(notBefore, 10),
    publicKey: rootSpki,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(keyCertSign | cRLSign, true),
      rootSki,
    ],
  });

  const issuing = await signCertificate(rootSigner, {
    serialNumber: randomSerialNumber(),
    subject: [{ O: [name] }, { CN: [`${name} Issuing CA`] }] satisfies x509.JsonName,
    issuer: root.subjectName,
    notBefore,
    notAfter: addYears(notBefore, 5),
    publicKey: issuingSpki,
    extensions: [
      // pathLen 0: the issuing CA signs end-entity certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(keyCertSign | cRLSign, true),
      // A TLS subordinate CA is restricted to serverAuth (Baseline Requirements 7.1.2.2).
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.CertificatePolicyExtension([OV_POLICY]),
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(issuingSpki)),
      new x509.AuthorityKeyIdentifierExtension(rootSki.keyId),
    ],
  });
  return { root: { certificate: root, key: rootKey }, issuing: { certificate: issuing, key: issuingKey } };
}

export const spkiOf = (key: KeyObject): Buffer => createPublicKey(key).export({ type: 'spki', format: 'der' });
