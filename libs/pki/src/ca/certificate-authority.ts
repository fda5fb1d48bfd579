/**
 * A development certificate authority: root and issuing CA kept in a directory, keys encrypted
 * at rest, end-entity TLS server certificates signed with the issuing CA's key.
 *
 * It never logs, returns or transmits a private key or the passphrase; errors name files only.
 * The root key is decrypted at start-up only to check that the store is consistent, and is not
 * kept: signing subscriber certificates needs the issuing key alone.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type Clock, DomainError, systemClock } from '@platform/kernel';
import { type CsrInfo, MAX_DNS_NAMES } from '../csr/parse-csr';
import { describeAcceptedKey } from '../csr/key-policy';
import { normaliseDnsNames } from '../names/dns-name';
import { encodePem } from '../pem';
import { x509 } from '../x509';
import { CaErrorCode, invalidRequest, storeCorrupt } from './ca.errors';
import { createHierarchy, spkiOf, toSeconds, type CaHierarchy } from './ca-hierarchy';
import { decryptKey, encryptKey } from './ca-keys';
import { CA_FILES, type CaFiles, ensureDirectory, publishStore, readStore } from './ca-store';
import { chooseCommonName, leafSubject, type SubjectFields, TlsServerExtensions } from './leaf-profile';
import { randomSerialNumber } from './serial-number';
import { signCertificate, SoftwareSigner, type Signer } from './signer';

export interface CertificateAuthorityOptions {
  dir: string;
  passphrase: string;
  clock?: Clock;
  /** Used in the CA subject names: "<name> Root CA", "<name> Issuing CA". */
  name?: string;
}

export interface IssueRequest {
  csr: CsrInfo;
  /** The names to certify, already authorised by the caller; the CA re-checks their syntax only. */
  dnsNames: string[];
  subject: SubjectFields;
  notBefore: Date;
  notAfter: Date;
  profile?: 'tls-server';
}

export interface IssuedCertificate {
  /** Lower-case hex, as in the certificate (no leading zero octets). */
  serialNumber: string;
  certificatePem: string;
  /** Issuing CA then root. */
  chainPem: string;
  /** Leaf, issuing CA, root. */
  fullChainPem: string;
  /** Lower-case hex SHA-256 of the DER certificate. */
  sha256Fingerprint: string;
  /** As encoded in the certificate: whole seconds. */
  notBefore: Date;
  notAfter: Date;
}

const DEFAULT_NAME = 'Platform Development';
const pemOf = (certificate: x509.X509Certificate): string =>
  encodePem(new Uint8Array(certificate.rawData), 'CERTIFICATE');

export class CertificateAuthority {
  readonly rootCertificatePem: string;
  readonly issuingCertificatePem: string;
  readonly chainPem: string;
  readonly #signer: Signer;
  readonly #extensions: TlsServerExtensions;

  private constructor(
    root: x509.X509Certificate,
    private readonly issuing: x509.X509Certificate,
    issuerKeyId: string,
    signer: Signer,
  ) {
    this.rootCertificatePem = pemOf(root);
    this.issuingCertificatePem = pemOf(issuing);
    this.chainPem = this.issuingCertificatePem + this.rootCertificatePem;
    this.#signer = signer;
    this.#extensions = new TlsServerExtensions(issuerKeyId);
  }

  /** Opens the CA in `dir`, creating it first if the directory holds none (safe against concurrent starts). */
  static async loadOrCreate(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const { dir, passphrase } = options;
    if (!passphrase) {
      throw new DomainError(
        CaErrorCode.passphraseRequired,
        'invalid',
        'A CA passphrase is required: CA keys are only ever stored encrypted. Set the CA passphrase setting.',
      );
    }
    await ensureDirectory(dir);
    let files = await readStore(dir);
    if (!files) {
      const hierarchy = await createHierarchy(options.name ?? DEFAULT_NAME, (options.clock ?? systemClock).now());
      // Whether ours was published or another process won the race, what is on disk is the CA.
      await publishStore(dir, toFiles(hierarchy, passphrase));
      files = await readStore(dir);
      if (!files) throw storeCorrupt(join(dir, CA_FILES.rootCertificate), 'disappeared right after it was written');
    }
    return CertificateAuthority.open(dir, files, passphrase);
  }

  private static async open(dir: string, files: CaFiles, passphrase: string): Promise<CertificateAuthority> {
    const path = (role: keyof CaFiles) => join(dir, CA_FILES[role]);
    const root = readCertificate(files.rootCertificate, path('rootCertificate'));
    const issuing = readCertificate(files.issuingCertificate, path('issuingCertificate'));
    const rootKey = decryptKey(files.rootKey, passphrase, path('rootKey'));
    const issuingKey = decryptKey(files.issuingKey, passphrase, path('issuingKey'));
    // A store mixed from two CAs (say, a botched restore) must not start signing.
    if (!spkiOf(rootKey).equals(Buffer.from(root.publicKey.rawData))) {
      throw storeCorrupt(path('rootKey'), `does not belong to ${CA_FILES.rootCertificate}`);
    }
    if (!spkiOf(issuingKey).equals(Buffer.from(issuing.publicKey.rawData))) {
      throw storeCorrupt(path('issuingKey'), `does not belong to ${CA_FILES.issuingCertificate}`);
    }
    if (!(await issuing.verify({ publicKey: root.publicKey, signatureOnly: true }))) {
      throw storeCorrupt(path('issuingCertificate'), `is not signed by ${CA_FILES.rootCertificate}`);
    }
    const ski = issuing.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw storeCorrupt(path('issuingCertificate'), 'has no subject key identifier');
    return new CertificateAuthority(root, issuing, ski.keyId, await SoftwareSigner.fromKeyObject(issuingKey));
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    const profile = request.profile ?? 'tls-server';
    if (profile !== 'tls-server') {
      const message = `Unknown certificate profile "${profile}"; use "tls-server".`;
      throw invalidRequest(CaErrorCode.profileUnsupported, message, { profile });
    }
    const dnsNames = checkNames(request.dnsNames);
    // CsrInfo is a plain object anyone can build: the key policy is enforced again here.
    const key = describeAcceptedKey(request.csr.publicKeySpkiDer);
    const { notBefore, notAfter } = this.checkValidity(request.notBefore, request.notAfter);
    const commonName = chooseCommonName(dnsNames, request.csr.commonName);
    const subject = leafSubject(request.subject, commonName);
    const spki = Buffer.from(request.csr.publicKeySpkiDer);
    const extensions = this.#extensions.for({
      dnsNames,
      spki,
      rsaKey: key.keyAlgorithm === 'RSA',
      subjectEmpty: subject.length === 0,
    });

    let certificate: x509.X509Certificate;
    try {
      certificate = await signCertificate(this.#signer, {
        serialNumber: randomSerialNumber(),
        subject,
        issuer: this.issuing.subjectName,
        notBefore,
        notAfter,
        publicKey: new Uint8Array(spki),
        extensions,
      });
    } catch (e) {
      throw new DomainError(CaErrorCode.signingFailed, 'internal', 'The issuing CA could not sign the certificate.', {
        reason: (e as Error).message,
      });
    }
    const certificatePem = pemOf(certificate);
    return {
      serialNumber: certificate.serialNumber.toLowerCase(),
      certificatePem,
      chainPem: this.chainPem,
      fullChainPem: certificatePem + this.chainPem,
      sha256Fingerprint: createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex'),
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    };
  }

  private checkValidity(from: Date, to: Date): { notBefore: Date; notAfter: Date } {
    const notBefore = toSeconds(from);
    const notAfter = toSeconds(to);
    let problem: string | undefined;
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
      problem = 'notBefore and notAfter must be valid dates';
    } else if (notAfter <= notBefore) {
      problem = 'notAfter must be later than notBefore';
    } else if (notAfter > this.issuing.notAfter) {
      // Not forbidden by RFC 5280, but such a certificate stops validating before its notAfter.
      problem = `notAfter is later than the issuing CA's own expiry (${this.issuing.notAfter.toISOString()})`;
    }
    if (problem) {
      throw invalidRequest(CaErrorCode.validityInvalid, `The requested validity is not possible: ${problem}.`, {
        notBefore: from,
        notAfter: to,
      });
    }
    return { notBefore, notAfter };
  }
}

function checkNames(requested: readonly string[]): string[] {
  const { names, problems } = normaliseDnsNames(requested);
  if (names.length === 0 || names.length > MAX_DNS_NAMES || problems.length > 0) {
    const why =
      problems.length > 0
        ? problems.map((p) => `"${p.name}" ${p.reason}`).join('; ')
        : `between 1 and ${MAX_DNS_NAMES} names are required, got ${names.length}`;
    throw invalidRequest(CaErrorCode.nameInvalid, `The certificate cannot be issued for these names: ${why}.`, {
      names: problems.map((p) => p.name),
      problems,
    });
  }
  return names;
}

function readCertificate(pem: string, file: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch {
    throw storeCorrupt(file, 'is not a readable certificate');
  }
}

function toFiles({ root, issuing }: CaHierarchy, passphrase: string): CaFiles {
  return {
    rootCertificate: pemOf(root.certificate),
    issuingCertificate: pemOf(issuing.certificate),
    rootKey: encryptKey(root.key, passphrase),
    issuingKey: encryptKey(issuing.key, passphrase),
  };
}
