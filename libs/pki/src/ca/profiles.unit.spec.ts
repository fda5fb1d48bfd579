/**
 * Every profile, judged by openssl (`verify -x509_strict -purpose sslserver|smimesign`) and then
 * field by field after parsing it back.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parseCsr, type CsrInfo } from '../csr/parse-csr';
import { x509Csr } from '../testing/csr.builders';
import { domainErrorOf } from '../testing/domain-error';
import { openssl, withTempDir } from '../testing/openssl';
import { x509 } from '../x509';
import { CertificateAuthority, type IssueRequest } from './certificate-authority';
import type { ProfileId } from './profiles';

const DAY = 86_400_000;
const PUBLIC_URL = 'https://certs.example.ac.uk';
let dir: string;
let ca: CertificateAuthority;
let rsaCsr: CsrInfo;
let ecCsr: CsrInfo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-profiles-'));
  ca = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'profiles' });
  rsaCsr = await parseCsr(await x509Csr({ key: 'rsa-2048', cn: 'www.example.ac.uk', sans: ['www.example.ac.uk'] }));
  ecCsr = await parseCsr(await x509Csr({ key: 'ec-P-256', cn: 'www.example.ac.uk', sans: ['www.example.ac.uk'] }));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const subject = {
  organisation: 'University of Example',
  country: 'GB',
  locality: 'Exampleton',
  state: 'Exampleshire',
  ev: { jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC000123' },
};

function request(profile: ProfileId, csr: CsrInfo, days: number, names?: Partial<IssueRequest>): IssueRequest {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  return {
    csr,
    profile,
    dnsNames: ['www.example.ac.uk'],
    subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * DAY - 1000),
    publicUrl: PUBLIC_URL,
    ...names,
  };
}

async function verify(purpose: 'sslserver' | 'smimesign', root: string, chain: string, leaf: string): Promise<string> {
  return withTempDir(async (tmp) => {
    await Promise.all([writeFile(join(tmp, 'root.pem'), root), writeFile(join(tmp, 'chain.pem'), chain), writeFile(join(tmp, 'leaf.pem'), leaf)]);
    const r = await openssl(['verify', '-x509_strict', '-purpose', purpose, '-CAfile', join(tmp, 'root.pem'), '-untrusted', join(tmp, 'chain.pem'), join(tmp, 'leaf.pem')]);
    return (r.stdout + r.stderr).trim();
  });
}

const ext = <T extends x509.Extension>(cert: x509.X509Certificate, type: new (raw: ArrayBuffer) => T): T => {
  const found = cert.getExtension(type);
  if (!found) throw new Error(`missing extension ${type.name}`);
  return found;
};
const { digitalSignature, keyEncipherment } = x509.KeyUsageFlags;

describe.each([
  ['tls-ov', 'rsa', 'sslserver', 'tls-rsa', '2.23.140.1.2.2', x509.ExtendedKeyUsage.serverAuth],
  ['tls-ov', 'ec', 'sslserver', 'tls-ecdsa', '2.23.140.1.2.2', x509.ExtendedKeyUsage.serverAuth],
  ['tls-ev', 'rsa', 'sslserver', 'tls-rsa', '2.23.140.1.1', x509.ExtendedKeyUsage.serverAuth],
  ['tls-ev', 'ec', 'sslserver', 'tls-ecdsa', '2.23.140.1.1', x509.ExtendedKeyUsage.serverAuth],
  ['smime-mailbox', 'rsa', 'smimesign', 'smime', '2.23.140.1.5.1.2', x509.ExtendedKeyUsage.emailProtection],
  ['smime-organisation', 'ec', 'smimesign', 'smime', '2.23.140.1.5.2.2', x509.ExtendedKeyUsage.emailProtection],
] as const)('profile %s with an %s key', (profile, key, purpose, issuerId, policy, eku) => {
  const smime = purpose === 'smimesign';
  let cert: x509.X509Certificate;
  let chainPem: string;

  beforeAll(async () => {
    const csr = key === 'rsa' ? rsaCsr : ecCsr;
    const names = smime ? { dnsNames: undefined, emailAddresses: ['Jo.Bloggs@Example.AC.UK'] } : {};
    const issued = await ca.issue(request(profile, csr, smime ? 825 : 200, names));
    expect(issued.issuerId).toBe(issuerId);
    cert = new x509.X509Certificate(issued.certificatePem);
    chainPem = issued.chainPem;
    expect(await verify(purpose, ca.rootCertificatePem, chainPem, issued.certificatePem)).toMatch(/leaf\.pem: OK$/);
  });

  it(`verifies with openssl -x509_strict -purpose ${purpose} under the ${issuerId} CA`, () => {
    const issuer = ca.issuers.find((i) => i.id === issuerId)!;
    expect(cert.issuer).toBe(new x509.X509Certificate(issuer.certificatePem).subject);
    expect(chainPem).toBe(issuer.chainPem);
  });

  it('has the profile\'s extensions, field by field', async () => {
    const basic = ext(cert, x509.BasicConstraintsExtension);
    expect([basic.ca, basic.critical]).toEqual([false, true]);
    expect(ext(cert, x509.KeyUsagesExtension)).toMatchObject({
      usages: key === 'rsa' ? digitalSignature | keyEncipherment : digitalSignature,
      critical: true,
    });
    expect(ext(cert, x509.ExtendedKeyUsageExtension).usages).toEqual([eku]);
    expect(ext(cert, x509.CertificatePolicyExtension).policies).toEqual([policy]);
    const issuer = new x509.X509Certificate(ca.issuers.find((i) => i.id === issuerId)!.certificatePem);
    expect(ext(cert, x509.AuthorityKeyIdentifierExtension).keyId).toBe(ext(issuer, x509.SubjectKeyIdentifierExtension).keyId);
    const ski = await x509.SubjectKeyIdentifierExtension.create(cert.publicKey.rawData);
    expect(ext(cert, x509.SubjectKeyIdentifierExtension).keyId).toBe(ski.keyId);
    expect(ext(cert, x509.CRLDistributionPointsExtension).distributionPoints[0].distributionPoint?.fullName?.[0].uniformResourceIdentifier).toBe(
      `${PUBLIC_URL}/crl/${issuerId}.crl`,
    );
    const aia = ext(cert, x509.AuthorityInfoAccessExtension);
    expect(aia.ocsp.map((g) => g.value)).toEqual([`${PUBLIC_URL}/ocsp`]);
    expect(aia.caIssuers.map((g) => g.value)).toEqual([`${PUBLIC_URL}/ca/${issuerId}.crt`]);
    const san = ext(cert, x509.SubjectAlternativeNameExtension).names.toJSON();
    expect(san).toEqual(smime ? [{ type: 'email', value: 'Jo.Bloggs@example.ac.uk' }] : [{ type: 'dns', value: 'www.example.ac.uk' }]);
  });

  it('has the subject the profile takes from validated data', () => {
    const expected = {
      'tls-ov': 'C=GB, ST=Exampleshire, L=Exampleton, O=University of Example, CN=www.example.ac.uk',
      'tls-ev':
        'C=GB, ST=Exampleshire, L=Exampleton, O=University of Example, 2.5.4.15=Government Entity, ' +
        '1.3.6.1.4.1.311.60.2.1.3=GB, 2.5.4.5=RC000123, CN=www.example.ac.uk',
      'smime-mailbox': 'CN=Jo.Bloggs@example.ac.uk',
      'smime-organisation': 'C=GB, ST=Exampleshire, L=Exampleton, O=University of Example, CN=Jo.Bloggs@example.ac.uk',
    }[profile];
    expect(cert.subject.replace(/\s*\+\s*/g, ', ')).toBe(expected);
  });
});

describe('profile limits', () => {
  it('caps S/MIME at 825 days and TLS at 398', async () => {
    const smime = { dnsNames: undefined, emailAddresses: ['a@example.ac.uk'] };
    expect((await domainErrorOf(ca.issue(request('smime-mailbox', rsaCsr, 826, smime)))).code).toBe('ISSUE_VALIDITY_INVALID');
    expect((await domainErrorOf(ca.issue(request('tls-ov', rsaCsr, 399)))).code).toBe('ISSUE_VALIDITY_INVALID');
  });

  it('refuses EV without the EV subject details, and mailboxes that are not addresses', async () => {
    const noEv = await domainErrorOf(ca.issue({ ...request('tls-ev', ecCsr, 90), subject: { organisation: 'X', country: 'GB' } }));
    expect(noEv).toMatchObject({ code: 'ISSUE_SUBJECT_INVALID', details: { field: 'ev' } });
    const bad = await domainErrorOf(ca.issue(request('smime-mailbox', ecCsr, 90, { emailAddresses: ['not an address'] })));
    expect(bad.code).toBe('ISSUE_NAME_INVALID');
  });
});
