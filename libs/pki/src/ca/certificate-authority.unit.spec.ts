import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { parseCsr, type CsrInfo } from '../csr/parse-csr';
import { opensslCsr, opensslKey, type OpensslKeyKind } from '../testing/csr.builders';
import { domainErrorOf } from '../testing/domain-error';
import { opensslCertificateFacts, verifyTlsServerChain } from '../testing/openssl';
import { x509 } from '../x509';
import { CertificateAuthority, type IssueRequest } from './certificate-authority';

const DAY = 86_400_000;
const { digitalSignature, keyEncipherment, keyCertSign, cRLSign } = x509.KeyUsageFlags;

let dir: string;
let ca: CertificateAuthority;
const keys = {} as Record<OpensslKeyKind, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-ca-'));
  const kinds: OpensslKeyKind[] = ['rsa:2048', 'rsa:4096', 'ec:P-256', 'ec:P-384'];
  const [created] = await Promise.all([
    CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'correct horse battery staple' }),
    ...kinds.map(async (kind) => (keys[kind] = await opensslKey(dir, kind))),
  ]);
  ca = created as CertificateAuthority;
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A request as the issuance service makes it: 90 days from a second-aligned "now". */
function request(csr: CsrInfo, overrides: Partial<IssueRequest> = {}): IssueRequest {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  return {
    csr,
    dnsNames: csr.dnsNames,
    subject: { organisation: 'University of Example', country: 'GB', locality: 'Exampleton', state: 'Exampleshire' },
    notBefore,
    notAfter: new Date(notBefore.getTime() + 90 * DAY - 1000),
    ...overrides,
  };
}

const ext = <T extends x509.Extension>(cert: x509.X509Certificate, type: new (raw: ArrayBuffer) => T): T => {
  const found = cert.getExtension(type);
  if (!found) throw new Error(`missing extension ${type.name}`);
  return found;
};

describe('CertificateAuthority.issue', () => {
  it.each([
    ['rsa:2048', 'www.example.ac.uk'],
    ['rsa:4096', 'www.example.ac.uk'],
    ['ec:P-256', 'www.example.ac.uk'],
    ['ec:P-384', 'www.example.ac.uk'],
    ['rsa:2048', undefined],
    ['ec:P-256', undefined],
  ] as const)('issues for a %s CSR (CN: %s) a certificate openssl accepts for TLS servers', async (kind, cn) => {
    const csr = await parseCsr(
      await opensslCsr({ keyFile: keys[kind], cn, sans: ['DNS:example.ac.uk', 'DNS:www.example.ac.uk', 'DNS:*.api.example.ac.uk'] }),
    );
    const req = request(csr);
    const issued = await ca.issue(req);
    // RSA keys under the RSA issuing CA, ECDSA keys under the ECDSA one (like Let's Encrypt's R and E).
    const issuer = ca.issuers.find((i) => i.id === (kind.startsWith('rsa') ? 'tls-rsa' : 'tls-ecdsa'))!;
    expect(issued.issuerId).toBe(issuer.id);

    const verdict = await verifyTlsServerChain({ root: ca.rootCertificatePem, issuing: issuer.certificatePem, leaf: issued.certificatePem });
    expect(verdict).toMatch(/leaf\.pem: OK$/);

    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(Buffer.from(cert.publicKey.rawData)).toEqual(csr.publicKeySpkiDer);
    expect(ext(cert, x509.SubjectAlternativeNameExtension).names.toJSON()).toEqual(
      ['example.ac.uk', 'www.example.ac.uk', '*.api.example.ac.uk'].map((value) => ({ type: 'dns', value })),
    );
    // CN: the CSR's own when it has one, otherwise the first name.
    expect(cert.subjectName.getField('CN')).toEqual([cn ?? 'example.ac.uk']);
    expect(cert.subject).toBe(`C=GB, ST=Exampleshire, L=Exampleton, O=University of Example, CN=${cn ?? 'example.ac.uk'}`);
    expect(cert.issuer).toBe(new x509.X509Certificate(issuer.certificatePem).subject);

    // Validity is what was asked for, and what is reported.
    expect(cert.notBefore).toEqual(req.notBefore);
    expect(cert.notAfter).toEqual(req.notAfter);
    expect(issued.notBefore).toEqual(req.notBefore);
    expect(issued.notAfter).toEqual(req.notAfter);

    const basic = ext(cert, x509.BasicConstraintsExtension);
    expect([basic.ca, basic.critical]).toEqual([false, true]);
    const usage = ext(cert, x509.KeyUsagesExtension);
    expect(usage.usages).toBe(kind.startsWith('rsa') ? digitalSignature | keyEncipherment : digitalSignature);
    expect(usage.critical).toBe(true);
    expect(ext(cert, x509.ExtendedKeyUsageExtension).usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(ext(cert, x509.CertificatePolicyExtension).policies).toEqual(['2.23.140.1.2.2']);
    const issuingSki = ext(new x509.X509Certificate(issuer.certificatePem), x509.SubjectKeyIdentifierExtension).keyId;
    expect(ext(cert, x509.AuthorityKeyIdentifierExtension).keyId).toBe(issuingSki);
    const ownSki = await x509.SubjectKeyIdentifierExtension.create(new Uint8Array(csr.publicKeySpkiDer));
    expect(ext(cert, x509.SubjectKeyIdentifierExtension).keyId).toBe(ownSki.keyId);
    expect(cert.signatureAlgorithm).toMatchObject(
      kind.startsWith('rsa') ? { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } } : { name: 'ECDSA', hash: { name: 'SHA-256' } },
    );

    // Serial: openssl reads a positive integer of more than 64 bits, equal to what we report.
    const facts = await opensslCertificateFacts(issued.certificatePem);
    expect(facts.serial).toMatch(/^[0-9A-F]+$/); // a negative serial would print with a "-"
    expect(BigInt(`0x${facts.serial}`)).toBe(BigInt(`0x${issued.serialNumber}`));
    expect(issued.serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(BigInt(`0x${issued.serialNumber}`)).toBeGreaterThan(2n ** 64n); // fails with probability 2^-63
    expect(issued.sha256Fingerprint).toBe(facts.sha256Fingerprint);

    expect(issued.chainPem).toBe(issuer.certificatePem + ca.rootCertificatePem);
    expect(issued.fullChainPem).toBe(issued.certificatePem + issuer.certificatePem + ca.rootCertificatePem);
  });
});

describe('CertificateAuthority.issue, beyond the happy path', () => {
  let csr: CsrInfo;
  beforeAll(async () => {
    csr = await parseCsr(await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'] }));
  });

  it('gives every certificate a new serial number', async () => {
    const serials = await Promise.all([1, 2, 3].map(() => ca.issue(request(csr)).then((c) => c.serialNumber)));
    expect(new Set(serials).size).toBe(3);
  });

  it('refuses a validity that ends before it starts, or after the issuing CA expires', async () => {
    const now = new Date();
    const backwards = await domainErrorOf(ca.issue(request(csr, { notBefore: now, notAfter: now })));
    expect(backwards).toMatchObject({ code: 'ISSUE_VALIDITY_INVALID', kind: 'invalid' });
    const tooLong = await domainErrorOf(ca.issue(request(csr, { notAfter: new Date(now.getTime() + 6 * 365 * DAY) })));
    expect(tooLong.code).toBe('ISSUE_VALIDITY_INVALID');
    expect(tooLong.message).toMatch(/issuing CA's own expiry/);
  });

  it('refuses names the CA would not certify, even when the caller vouches for them', async () => {
    const refused = await domainErrorOf(ca.issue(request(csr, { dnsNames: ['a.example.com', 'intranet'] })));
    expect(refused).toMatchObject({ code: 'ISSUE_NAME_INVALID', details: { names: ['intranet'] } });
    expect((await domainErrorOf(ca.issue(request(csr, { dnsNames: [] })))).code).toBe('ISSUE_NAME_INVALID');
  });

  it('refuses a subject country that is not a two-letter code', async () => {
    const refused = await domainErrorOf(ca.issue(request(csr, { subject: { country: 'United Kingdom' } })));
    expect(refused).toMatchObject({ code: 'ISSUE_SUBJECT_INVALID', details: { field: 'country' } });
  });

  // Issue 18 (8): U+202E and U+200B reached certificate subjects (only C0 controls were refused).
  it.each([
    ['organisation', 'Bank \u202Elc'],
    ['organisation', 'Ba\u200Bnk'],
    ['locality', 'London\u0085'],
    ['state', 'Kent\u2066'],
  ])('refuses a subject %s with a control, bidi or zero-width character (%j)', async (field, value) => {
    const refused = await domainErrorOf(ca.issue(request(csr, { subject: { organisation: 'Spoof Test', locality: 'Exampleton', [field]: value } })));
    expect(refused).toMatchObject({ code: 'ISSUE_SUBJECT_INVALID', details: { field } });
  });

  it('checks each subject in full even when a similar one was encoded before (the subject cache keys on exact values)', async () => {
    const subject = { organisation: 'Cache Test University', locality: 'Exampleton' };
    await ca.issue(request(csr, { subject }));
    // An empty value is refused; the old cache key (the values joined) could not tell it from an absent one.
    const emptyState = await domainErrorOf(ca.issue(request(csr, { subject: { ...subject, state: '' } })));
    expect(emptyState).toMatchObject({ code: 'ISSUE_SUBJECT_INVALID', details: { field: 'state' } });
    const emptyCountry = await domainErrorOf(ca.issue(request(csr, { subject: { ...subject, country: '' } })));
    expect(emptyCountry).toMatchObject({ code: 'ISSUE_SUBJECT_INVALID', details: { field: 'country' } });
  });

  it('refuses a hand-made CsrInfo carrying a key that parseCsr would have refused', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const forged: CsrInfo = { ...csr, keyAlgorithm: 'RSA', keyBits: 2048, publicKeySpkiDer: weak.export({ type: 'spki', format: 'der' }) };
    expect((await domainErrorOf(ca.issue(request(forged)))).code).toBe('CSR_KEY_UNSUPPORTED');
  });
});

describe('the CA certificates', () => {
  it('root: self-signed CA, keyCertSign + cRLSign, SKI, ten years from the clock; three issuing CAs: pathLen 0 under it, five years', async () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    const dated = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'dated'), passphrase: 'p', clock: new ManualClock(now), name: 'Test' });
    const root = new x509.X509Certificate(dated.rootCertificatePem);
    const issuing = new x509.X509Certificate(dated.issuingCertificatePem);

    expect(root.subject).toBe('O=Test, CN=Test Root CA');
    expect(await root.isSelfSigned()).toBe(true);
    expect(root.notBefore).toEqual(new Date('2026-03-01T11:00:00.000Z')); // backdated one hour
    expect(root.notAfter).toEqual(new Date('2036-03-01T11:00:00.000Z'));
    const rootBasic = ext(root, x509.BasicConstraintsExtension);
    expect([rootBasic.ca, rootBasic.critical]).toEqual([true, true]);
    expect(ext(root, x509.KeyUsagesExtension)).toMatchObject({ usages: keyCertSign | cRLSign, critical: true });
    const rootSki = ext(root, x509.SubjectKeyIdentifierExtension).keyId;

    expect(issuing.subject).toBe('O=Test, CN=Test Issuing CA');
    expect(issuing.issuer).toBe(root.subject);
    expect(await issuing.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(issuing.notAfter).toEqual(new Date('2031-03-01T11:00:00.000Z'));
    expect(ext(issuing, x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0, critical: true });
    // digitalSignature: the issuing CA signs its own OCSP responses.
    expect(ext(issuing, x509.KeyUsagesExtension)).toMatchObject({ usages: keyCertSign | cRLSign | digitalSignature, critical: true });
    expect(ext(issuing, x509.AuthorityKeyIdentifierExtension).keyId).toBe(rootSki);
    expect(ext(issuing, x509.SubjectKeyIdentifierExtension).keyId).toBeDefined();
    const issuingKey = createPublicKey({ key: Buffer.from(issuing.publicKey.rawData), format: 'der', type: 'spki' });
    expect(issuingKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    expect(dated.chainPem).toBe(dated.issuingCertificatePem + dated.rootCertificatePem);

    const others = Object.fromEntries(dated.issuers.map((i) => [i.id, new x509.X509Certificate(i.certificatePem)]));
    expect(Object.keys(others).sort()).toEqual(['smime', 'tls-ecdsa', 'tls-rsa']);
    expect(others['tls-ecdsa'].subject).toBe('O=Test, CN=Test TLS ECDSA Issuing CA');
    expect(createPublicKey({ key: Buffer.from(others['tls-ecdsa'].publicKey.rawData), format: 'der', type: 'spki' }).asymmetricKeyDetails).toEqual({
      namedCurve: 'prime256v1',
    });
    expect(ext(others['tls-ecdsa'], x509.ExtendedKeyUsageExtension).usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(others.smime.subject).toBe('O=Test, CN=Test S/MIME Issuing CA');
    expect(ext(others.smime, x509.ExtendedKeyUsageExtension).usages).toEqual([x509.ExtendedKeyUsage.emailProtection]);
    for (const issuingCa of Object.values(others)) {
      expect(await issuingCa.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
      expect(ext(issuingCa, x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0, critical: true });
      expect(ext(issuingCa, x509.AuthorityKeyIdentifierExtension).keyId).toBe(rootSki);
    }
  });
});
