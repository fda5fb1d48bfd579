/**
 * The certificate authority: a root and three issuing CAs (TLS RSA, TLS ECDSA, S/MIME) kept in a
 * directory, keys encrypted at rest; subscriber certificates, CRLs and OCSP responses signed with
 * the issuing CAs' keys through the Signer interface.
 *
 * It never logs, returns or transmits a private key or the passphrase; errors name files only.
 * The root key is decrypted at start-up only to check the store (and to add a missing issuing CA),
 * and is not kept: signing needs the issuing keys alone.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { type Clock, DomainError, systemClock } from '@platform/kernel';
import { type CsrInfo } from '../csr/parse-csr';
import { encodePem } from '../pem';
import { x509 } from '../x509';
import { CaErrorCode, invalidRequest, storeCorrupt } from './ca.errors';
import { CertificateTemplate } from './certificate-template';
import { createIssuing, createRoot, spkiOf, toSeconds, type CaPair } from './ca-hierarchy';
import { decryptKey, encryptKey } from './ca-keys';
import { CA_FILES, type CaFiles, EXTRA_FILES, type ExtraIssuer, ensureDirectory, publishExtra, publishStore, readExtra, readStore } from './ca-store';
import { IssuingCa } from './issuing-ca';
import { chooseCommonName, leafSubject, type SubjectFields } from './leaf-profile';
import { checkEmailAddresses, checkNames } from './leaf-names';
import { issuerFor, type IssuerId, type Profile, PROFILES, type ProfileId } from './profiles';
import { SoftwareSigner } from './signer';
import { type CrlContent, signCrl } from '../revocation/crl';
import { type OcspLookup, respondOcsp } from '../revocation/ocsp';
import { checkSpkiPolicy } from './spki-policy';

export interface CertificateAuthorityOptions {
  dir: string;
  passphrase: string;
  clock?: Clock;
  /** Used in the CA subject names: "<name> Root CA", "<name> Issuing CA", ... */
  name?: string;
}

export interface IssueRequest {
  csr: CsrInfo;
  /** TLS profiles: the names to certify, already authorised by the caller; the CA re-checks their syntax only. */
  dnsNames?: string[];
  /** S/MIME profiles: the mailboxes to certify, already verified by the caller. */
  emailAddresses?: string[];
  subject: SubjectFields;
  notBefore: Date;
  notAfter: Date;
  /** default 'tls-ov'; 'tls-server' is its older name */
  profile?: ProfileId | 'tls-server';
  /** Base of the CRL distribution point and AIA URLs (`<publicUrl>/crl/<ca>.crl`, `/ocsp`, `/ca/<ca>.crt`). */
  publicUrl?: string;
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
  /** Which issuing CA signed it: its CRL and OCSP answers come from the same CA. */
  issuerId: IssuerId;
}

export interface IssuerInfo {
  id: IssuerId;
  certificatePem: string;
  certificateDer: Buffer;
  /** issuing CA then root */
  chainPem: string;
}

export const DEFAULT_CA_NAME = 'Platform Development';
const DAY = 86_400_000;
const pemOf = (certificate: x509.X509Certificate): string => encodePem(new Uint8Array(certificate.rawData), 'CERTIFICATE');

export class CertificateAuthority {
  readonly rootCertificatePem: string;
  /** the TLS RSA issuing CA (the store's first): kept for callers that know one issuing CA only */
  readonly issuingCertificatePem: string;
  readonly chainPem: string;
  readonly #issuers: Map<IssuerId, IssuingCa>;
  /** by profile, then [ECDSA, RSA] key, then public URL */
  readonly #templates = new Map<Profile, [Map<string, CertificateTemplate>, Map<string, CertificateTemplate>]>();

  private constructor(root: x509.X509Certificate, issuers: IssuingCa[]) {
    this.rootCertificatePem = pemOf(root);
    this.#issuers = new Map(issuers.map((i) => [i.id, i]));
    this.issuingCertificatePem = this.issuingCa('tls-rsa').pem;
    this.chainPem = this.issuingCa('tls-rsa').chainPem;
  }

  /** The root's subject in `dir`, or undefined when no CA lives there (for `ca init`'s overwrite check). */
  static async existingRootSubject(dir: string): Promise<string | undefined> {
    const files = await readStore(dir, 0).catch(() => undefined);
    return files ? readCertificate(files.rootCertificate, join(dir, CA_FILES.rootCertificate)).subject : undefined;
  }

  /** Opens the CA in `dir`, creating it (or its missing issuing CAs) first; safe against concurrent starts. */
  static async loadOrCreate(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const { dir, passphrase } = options;
    if (!passphrase) {
      throw new DomainError(
        CaErrorCode.passphraseRequired,
        'invalid',
        'A CA passphrase is required: CA keys are only ever stored encrypted. Set the CA passphrase setting.',
      );
    }
    const name = options.name ?? DEFAULT_CA_NAME;
    const now = () => (options.clock ?? systemClock).now();
    await ensureDirectory(dir);
    let files = await readStore(dir);
    if (!files) {
      const root = await createRoot(name, now());
      const issuing = await createIssuing('tls-rsa', name, root, now());
      // Whether ours was published or another process won the race, what is on disk is the CA.
      await publishStore(dir, toFiles(root, issuing, passphrase));
      files = await readStore(dir);
      if (!files) throw storeCorrupt(join(dir, CA_FILES.rootCertificate), 'disappeared right after it was written');
    }
    const path = (role: keyof CaFiles) => join(dir, CA_FILES[role]);
    const root = readCertificate(files.rootCertificate, path('rootCertificate'));
    const rootKey = decryptKey(files.rootKey, passphrase, path('rootKey'));
    // A store mixed from two CAs (say, a botched restore) must not start signing.
    if (!spkiOf(rootKey).equals(Buffer.from(root.publicKey.rawData))) {
      throw storeCorrupt(path('rootKey'), `does not belong to ${CA_FILES.rootCertificate}`);
    }
    const chainOf = (issuing: x509.X509Certificate) => pemOf(issuing) + pemOf(root);
    const open = async (id: IssuerId, pem: string, keyPem: string, certFile: string, keyFile: string) => {
      const certificate = readCertificate(pem, certFile);
      const key = decryptKey(keyPem, passphrase, keyFile);
      await checkIssuing(certificate, key, root, certFile, keyFile);
      return new IssuingCa(id, certificate, await SoftwareSigner.fromKeyObject(key), chainOf(certificate));
    };
    const issuers = [await open('tls-rsa', files.issuingCertificate, files.issuingKey, path('issuingCertificate'), path('issuingKey'))];
    for (const id of Object.keys(EXTRA_FILES) as ExtraIssuer[]) {
      let extra = await readExtra(dir, id);
      if (!extra) {
        const created = await createIssuing(id, name, { certificate: root, key: rootKey }, now());
        await publishExtra(dir, id, { certificate: pemOf(created.certificate), key: encryptKey(created.key, passphrase) });
        extra = await readExtra(dir, id);
        if (!extra) throw storeCorrupt(join(dir, EXTRA_FILES[id].certificate), 'disappeared right after it was written');
      }
      issuers.push(await open(id, extra.certificate, extra.key, join(dir, EXTRA_FILES[id].certificate), join(dir, EXTRA_FILES[id].key)));
    }
    return new CertificateAuthority(root, issuers);
  }

  get issuers(): IssuerInfo[] {
    return [...this.#issuers.values()].map((i) => ({ id: i.id, certificatePem: i.pem, certificateDer: i.der, chainPem: i.chainPem }));
  }

  /** For the CRL and OCSP encoders of this library: never hands out the key, only the signing CA. */
  issuingCa(id: IssuerId): IssuingCa {
    const issuer = this.#issuers.get(id);
    if (!issuer) throw invalidRequest(CaErrorCode.issuerUnknown, `There is no issuing CA "${id}".`, { issuerId: id });
    return issuer;
  }

  /** A CRL of `issuerId`, DER. Which serials it lists and its number come from the caller's records. */
  signCrl(issuerId: IssuerId, crl: CrlContent): Promise<Buffer> {
    return signCrl(this.issuingCa(issuerId), crl);
  }

  /** An OCSP response, DER, for an OCSPRequest, DER; statuses from `lookup`. */
  respondOcsp(requestDer: Buffer, lookup: OcspLookup, now: Date): Promise<Buffer> {
    return respondOcsp([...this.#issuers.values()], requestDer, lookup, now);
  }

  /** The issuing CA follows from the profile and the key kind. Nested maps: a key string per certificate would cost its hashing. */
  #template(profile: Profile, issuer: IssuingCa, rsa: boolean, publicUrl = ''): CertificateTemplate {
    let byKind = this.#templates.get(profile);
    if (!byKind) this.#templates.set(profile, (byKind = [new Map(), new Map()]));
    const byUrl = byKind[rsa ? 1 : 0];
    let template = byUrl.get(publicUrl);
    if (!template) byUrl.set(publicUrl, (template = new CertificateTemplate(profile, issuer, rsa, publicUrl)));
    return template;
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    const profileId = request.profile === undefined || request.profile === 'tls-server' ? 'tls-ov' : request.profile;
    const profile = PROFILES[profileId];
    if (!profile) {
      const message = `Unknown certificate profile "${profileId}"; use one of ${Object.keys(PROFILES).join(', ')}.`;
      throw invalidRequest(CaErrorCode.profileUnsupported, message, { profile: profileId });
    }
    const names = profile.family === 'tls' ? checkNames(request.dnsNames ?? []) : checkEmailAddresses(request.emailAddresses ?? []);
    // CsrInfo is a plain object anyone can build: the key policy is enforced again here.
    const key = checkSpkiPolicy(request.csr.publicKeySpkiDer);
    const issuer = this.issuingCa(issuerFor(profile, key.keyAlgorithm));
    const { notBefore, notAfter } = checkValidity(request.notBefore, request.notAfter, issuer.notAfter, profile.maxValidityDays);
    const commonName = profile.family === 'tls' ? chooseCommonName(names, request.csr.commonName) : names[0];
    const subject = leafSubject(request.subject, commonName, { organisation: profile.organisationInSubject, ev: profile.ev });
    const template = this.#template(profile, issuer, key.keyAlgorithm === 'RSA', request.publicUrl);
    const { tbs, serialNumber } = template.tbs({ notBefore, notAfter, subject, spki: request.csr.publicKeySpkiDer, names });
    let signature: Buffer;
    try {
      signature = issuer.signNow(tbs) ?? (await issuer.sign(tbs));
    } catch (e) {
      throw new DomainError(CaErrorCode.signingFailed, 'internal', 'The issuing CA could not sign the certificate.', {
        reason: (e as Error).message,
      });
    }
    const der = template.certificate(tbs, signature);
    const certificatePem = encodePem(der, 'CERTIFICATE');
    return new Issued(serialNumber, certificatePem, issuer.chainPem, der, notBefore, notAfter, issuer.id);
  }
}

class Issued implements IssuedCertificate {
  // Not a #private field: that costs an initializer call per certificate (~0.3 µs of ~31 here).
  private fingerprint?: string;

  constructor(
    readonly serialNumber: string,
    readonly certificatePem: string,
    readonly chainPem: string,
    private readonly der: Buffer,
    readonly notBefore: Date,
    readonly notAfter: Date,
    readonly issuerId: IssuerId,
  ) {}

  get fullChainPem(): string {
    return this.certificatePem + this.chainPem;
  }

  /** Hashed when first read: a few µs that most callers never need (about a tenth of a P-256 issuance). */
  get sha256Fingerprint(): string {
    this.fingerprint ??= createHash('sha256').update(this.der).digest('hex');
    return this.fingerprint;
  }

  toJSON() {
    const { serialNumber, certificatePem, chainPem, fullChainPem, sha256Fingerprint, notBefore, notAfter, issuerId } = this;
    return { serialNumber, certificatePem, chainPem, fullChainPem, sha256Fingerprint, notBefore, notAfter, issuerId };
  }
}

function checkValidity(from: Date, to: Date, issuerNotAfter: Date, maxDays: number): { notBefore: Date; notAfter: Date } {
  const notBefore = toSeconds(from);
  const notAfter = toSeconds(to);
  // Compared as numbers: `<` on Dates goes through a generic ToPrimitive lookup on every issuance.
  const start = notBefore.getTime();
  const end = notAfter.getTime();
  let problem: string | undefined;
  if (Number.isNaN(start) || Number.isNaN(end)) {
    problem = 'notBefore and notAfter must be valid dates';
  } else if (end <= start) {
    problem = 'notAfter must be later than notBefore';
  } else if (end > issuerNotAfter.getTime()) {
    // Not forbidden by RFC 5280, but such a certificate stops validating before its notAfter.
    problem = `notAfter is later than the issuing CA's own expiry (${issuerNotAfter.toISOString()})`;
  } else if (end - start + 1000 > maxDays * DAY) {
    problem = `the profile allows at most ${maxDays} days`;
  }
  if (problem) {
    throw invalidRequest(CaErrorCode.validityInvalid, `The requested validity is not possible: ${problem}.`, {
      notBefore: from,
      notAfter: to,
    });
  }
  return { notBefore, notAfter };
}

async function checkIssuing(certificate: x509.X509Certificate, key: KeyObject, root: x509.X509Certificate, certFile: string, keyFile: string) {
  if (!spkiOf(key).equals(Buffer.from(certificate.publicKey.rawData))) throw storeCorrupt(keyFile, `does not belong to ${certFile}`);
  if (!(await certificate.verify({ publicKey: root.publicKey, signatureOnly: true }))) {
    throw storeCorrupt(certFile, `is not signed by ${CA_FILES.rootCertificate}`);
  }
}

function readCertificate(pem: string, file: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch {
    throw storeCorrupt(file, 'is not a readable certificate');
  }
}

function toFiles(root: CaPair, issuing: CaPair, passphrase: string): CaFiles {
  return {
    rootCertificate: pemOf(root.certificate),
    issuingCertificate: pemOf(issuing.certificate),
    rootKey: encryptKey(root.key, passphrase),
    issuingKey: encryptKey(issuing.key, passphrase),
  };
}
