/** CRLs and OCSP responses, judged by openssl: `crl -CAfile`, `verify -crl_check`, `ocsp -respin`. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateAuthority, type IssuedCertificate } from '../ca/certificate-authority';
import { encodeCrlEntry } from './crl';
import { parseCsr } from '../csr/parse-csr';
import { x509Csr } from '../testing/csr.builders';
import { openssl } from '../testing/openssl';
import type { OcspStatus } from './ocsp';
import { pkcs7CertsOnly } from './pkcs7';

let dir: string;
let ca: CertificateAuthority;
let revoked: IssuedCertificate;
let good: IssuedCertificate;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const revokedAt = new Date(now.getTime() - 60_000);
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-revocation-'));
  ca = await CertificateAuthority.loadOrCreate({ dir: path('ca'), passphrase: 'revocation' });
  const issue = async (key: 'ec-P-256' | 'rsa-2048') => {
    const csr = await parseCsr(await x509Csr({ key, cn: 'www.example.ac.uk', sans: ['www.example.ac.uk'] }));
    const notBefore = new Date(now.getTime() - 120_000);
    return ca.issue({ csr, dnsNames: csr.dnsNames, subject: {}, notBefore, notAfter: new Date(notBefore.getTime() + 30 * 86_400_000), publicUrl: 'http://127.0.0.1' });
  };
  [revoked, good] = await Promise.all([issue('ec-P-256'), issue('ec-P-256')]);
  await writeFile(path('root.pem'), ca.rootCertificatePem);
  await writeFile(path('chain.pem'), revoked.chainPem);
  await writeFile(path('issuing.pem'), revoked.chainPem.split(/(?<=-----END CERTIFICATE-----\n)/)[0]);
  await writeFile(path('revoked.pem'), revoked.certificatePem);
  await writeFile(path('good.pem'), good.certificatePem);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('CRL', () => {
  it('verifies under the issuing CA, and lists the revoked serial with its reason and number', async () => {
    const der = await ca.signCrl('tls-ecdsa', {
      number: 7,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 7 * 86_400_000),
      entries: [{ serialNumber: revoked.serialNumber, revokedAt, reason: 'keyCompromise' }],
    });
    await writeFile(path('crl.der'), der);
    const text = await openssl(['crl', '-inform', 'DER', '-in', path('crl.der'), '-CAfile', path('chain.pem'), '-noout', '-text']);
    expect(text.stderr).toMatch(/verify OK/);
    expect(text.stdout).toMatch(/X509v3 CRL Number:\s+7/);
    expect(text.stdout).toContain(`Serial Number: ${revoked.serialNumber.toUpperCase()}`);
    expect(text.stdout).toMatch(/X509v3 CRL Reason Code:\s+Key Compromise/);

    await writeFile(path('crl.pem'), (await openssl(['crl', '-inform', 'DER', '-in', path('crl.der')])).stdout);
    const check = (cert: string) =>
      openssl(['verify', '-crl_check', '-CAfile', path('root.pem'), '-untrusted', path('chain.pem'), '-CRLfile', path('crl.pem'), path(cert)]);
    expect((await check('revoked.pem')).stderr + (await check('revoked.pem')).stdout).toMatch(/certificate revoked/);
    expect((await check('good.pem')).stdout).toMatch(/good\.pem: OK/);
  });

  it('leaves the reason out for "unspecified" (BR 7.2.2) and the entry list out when empty', async () => {
    const one = await ca.signCrl('tls-ecdsa', { number: 8, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), entries: [{ serialNumber: revoked.serialNumber, revokedAt, reason: 'unspecified' }] });
    await writeFile(path('one.der'), one);
    expect((await openssl(['crl', '-inform', 'DER', '-in', path('one.der'), '-noout', '-text'])).stdout).not.toMatch(/Reason Code/);
    const none = await ca.signCrl('tls-ecdsa', { number: 9, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), entries: [] });
    await writeFile(path('none.der'), none);
    const text = await openssl(['crl', '-inform', 'DER', '-in', path('none.der'), '-CAfile', path('chain.pem'), '-noout', '-text']);
    expect(text.stderr).toMatch(/verify OK/);
    expect(text.stdout).toMatch(/No Revoked Certificates/);
  });
});

describe('CRL of 100,000 entries', () => {
  it('is signed from entries encoded beforehand in well under a second, and openssl crl -verify accepts it with every entry', async () => {
    const reasons = ['unspecified', 'keyCompromise', 'superseded', 'cessationOfOperation'];
    const encoded = Array.from({ length: 100_000 }, (_, i) =>
      encodeCrlEntry({ serialNumber: (0x10_0000_0000 + i).toString(16), revokedAt: new Date(revokedAt.getTime() - i * 1000), reason: reasons[i % 4] }),
    );
    const started = performance.now();
    const der = await ca.signCrl('tls-rsa', { number: 12, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), entries: encoded });
    expect(performance.now() - started).toBeLessThan(1000);
    await writeFile(path('big.der'), der);
    await writeFile(path('rsa-chain.pem'), ca.chainPem);
    // The text goes to a file: it is ~8 MB, past the helper's output buffer.
    const text = await openssl(['crl', '-inform', 'DER', '-in', path('big.der'), '-CAfile', path('rsa-chain.pem'), '-verify', '-noout', '-text', '-out', path('big.txt')]);
    expect(text.stderr).toMatch(/verify OK/);
    const listed = await readFile(path('big.txt'), 'utf8');
    expect(listed.match(/Serial Number:/g)).toHaveLength(100_000);
    expect(listed).toContain('Serial Number: 100001869F');
  }, 60_000);
});

describe('OCSP', () => {
  const statuses = new Map<string, OcspStatus>();
  const lookup = async (issuerId: string, serial: string): Promise<OcspStatus> =>
    (issuerId === 'tls-ecdsa' && statuses.get(serial)) || { status: 'unknown' };

  async function ask(cert: string, extra: string[] = []): Promise<string> {
    const request = await openssl(['ocsp', '-issuer', path('issuing.pem'), '-cert', path(cert), '-reqout', path('req.der'), ...extra]);
    expect(request.ok).toBe(true);
    await writeFile(path('resp.der'), await ca.respondOcsp(await readFile(path('req.der')), lookup, now));
    // -reqin, not -cert: with -cert openssl would build a new request, with a new nonce, to compare against.
    const r = await openssl(['ocsp', '-reqin', path('req.der'), '-respin', path('resp.der'), '-CAfile', path('root.pem'), '-verify_other', path('chain.pem'), '-resp_text']);
    return r.stdout + r.stderr;
  }

  beforeAll(() => {
    statuses.set(revoked.serialNumber, { status: 'revoked', revokedAt, reason: 'keyCompromise' });
    statuses.set(good.serialNumber, { status: 'good' });
  });

  it('answers good, signed by the issuing CA, with the nonce echoed', async () => {
    const out = await ask('good.pem');
    expect(out).toMatch(/Response verify OK/);
    expect(out).toMatch(/Cert Status: good/);
    expect(out).toMatch(/OCSP Nonce/);
    expect(out).not.toMatch(/WARNING: no nonce|Nonce Verify error/);
  });

  it('answers revoked with time and reason', async () => {
    const out = await ask('revoked.pem');
    expect(out).toMatch(/Response verify OK/);
    expect(out).toMatch(/Cert Status: revoked/);
    expect(out).toMatch(/Revocation Reason: keyCompromise/);
    const [, time] = /Revocation Time: (.+ GMT)/.exec(out) ?? [];
    expect(new Date(time)).toEqual(revokedAt);
  });

  it('answers unknown for a serial it never issued, and malformedRequest for garbage', async () => {
    statuses.delete(good.serialNumber);
    expect(await ask('good.pem', ['-no_nonce'])).toMatch(/Cert Status: unknown/);
    statuses.set(good.serialNumber, { status: 'good' });
    const garbage = await ca.respondOcsp(Buffer.from('not a request'), lookup, now);
    expect(garbage.toString('hex')).toBe('30030a0101');
  });
});

describe('PKCS#7', () => {
  it('bundles the certificates so that openssl lists them', async () => {
    await writeFile(path('bundle.p7b'), pkcs7CertsOnly(good.fullChainPem));
    const out = await openssl(['pkcs7', '-inform', 'DER', '-in', path('bundle.p7b'), '-print_certs', '-noout']);
    expect(out.ok).toBe(true);
    expect(out.stdout.match(/subject=/g)).toHaveLength(3);
  });
});
