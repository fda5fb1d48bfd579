import { execFile } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect, promisify } from 'node:util';
import { domainErrorOf } from '../testing/domain-error';
import { openssl } from '../testing/openssl';
import { CertificateAuthority } from './certificate-authority';
import { CA_FILES, EXTRA_FILES, readStore } from './ca-store';

const PASSPHRASE = 'correct horse battery staple';
const FILES = [...Object.values(CA_FILES), ...Object.values(EXTRA_FILES).flatMap((f) => [f.certificate, f.key])].sort();
let dir: string;
let ca: CertificateAuthority;
let caDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-store-'));
  caDir = join(dir, 'created', 'nested'); // does not exist yet
  ca = await CertificateAuthority.loadOrCreate({ dir: caDir, passphrase: PASSPHRASE });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const everyCa = (c: CertificateAuthority) => c.rootCertificatePem + c.issuers.map((i) => i.certificatePem).join('');

describe('CertificateAuthority.loadOrCreate', () => {
  it('creates the directory (0700) with eight files (root and three issuing CAs, 0600) and nothing else', async () => {
    expect((await readdir(caDir)).sort()).toEqual(FILES);
    expect((await stat(caDir)).mode & 0o777).toBe(0o700);
    for (const file of FILES) expect((await stat(join(caDir, file))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(caDir, CA_FILES.rootCertificate), 'utf8')).toBe(ca.rootCertificatePem);
    expect(await readFile(join(caDir, CA_FILES.issuingCertificate), 'utf8')).toBe(ca.issuingCertificatePem);
  });

  it('stores the keys encrypted: openssl opens them with the passphrase only', async () => {
    for (const file of [CA_FILES.rootKey, CA_FILES.issuingKey, EXTRA_FILES['tls-ecdsa'].key, EXTRA_FILES.smime.key]) {
      const path = join(caDir, file);
      const pem = await readFile(path, 'utf8');
      expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
      expect(pem).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY/);
      expect((await openssl(['pkey', '-in', path, '-noout', '-passin', `pass:${PASSPHRASE}`])).ok).toBe(true);
      expect((await openssl(['pkey', '-in', path, '-noout', '-passin', 'pass:wrong'])).ok).toBe(false);
    }
  });

  it('opens the same CA the second time', async () => {
    const again = await CertificateAuthority.loadOrCreate({ dir: caDir, passphrase: PASSPHRASE });
    expect(again.rootCertificatePem).toBe(ca.rootCertificatePem);
    expect(again.issuingCertificatePem).toBe(ca.issuingCertificatePem);
    expect(again.chainPem).toBe(ca.chainPem);
  });

  it('refuses a wrong passphrase clearly, without key material or passphrase in the error', async () => {
    const refused = await domainErrorOf(CertificateAuthority.loadOrCreate({ dir: caDir, passphrase: 'not the passphrase' }));
    expect(refused).toMatchObject({ code: 'CA_PASSPHRASE_INVALID', kind: 'unauthenticated' });
    expect(refused.message).toMatch(/cannot be decrypted with the configured passphrase/);
    const shown = `${refused.message} ${JSON.stringify(refused)} ${inspect(refused)}`;
    expect(shown).not.toMatch(/PRIVATE KEY|not the passphrase|correct horse/);
    const keyBody = (await readFile(join(caDir, CA_FILES.rootKey), 'utf8')).split('\n')[1];
    expect(shown).not.toContain(keyBody);
  });

  it('refuses an empty passphrase: keys are never stored unencrypted', async () => {
    const refused = await domainErrorOf(CertificateAuthority.loadOrCreate({ dir: join(dir, 'empty'), passphrase: '' }));
    expect(refused.code).toBe('CA_PASSPHRASE_REQUIRED');
  });

  it('does not show the signing key when the CA is inspected or serialised', () => {
    const shown = `${inspect(ca, { depth: 5, showHidden: true })} ${JSON.stringify(ca)}`;
    expect(shown).not.toMatch(/PRIVATE KEY|privateKey/);
  });

  it('refuses a store mixed from two CAs', async () => {
    const other = join(dir, 'other');
    await CertificateAuthority.loadOrCreate({ dir: other, passphrase: PASSPHRASE });
    const mixed = join(dir, 'mixed');
    await CertificateAuthority.loadOrCreate({ dir: mixed, passphrase: PASSPHRASE });
    await copyFile(join(other, CA_FILES.issuingKey), join(mixed, CA_FILES.issuingKey));
    const refused = await domainErrorOf(CertificateAuthority.loadOrCreate({ dir: mixed, passphrase: PASSPHRASE }));
    expect(refused).toMatchObject({ code: 'CA_STORE_CORRUPT', details: { file: join(mixed, CA_FILES.issuingKey) } });
  });

  it('refuses a key stored unencrypted', async () => {
    const plain = join(dir, 'plain');
    await CertificateAuthority.loadOrCreate({ dir: plain, passphrase: PASSPHRASE });
    const keyFile = join(plain, CA_FILES.issuingKey);
    const key = createPrivateKey({ key: await readFile(keyFile, 'utf8'), passphrase: PASSPHRASE });
    await writeFile(keyFile, key.export({ type: 'pkcs8', format: 'pem' }) as string);
    const refused = await domainErrorOf(CertificateAuthority.loadOrCreate({ dir: plain, passphrase: PASSPHRASE }));
    expect(refused.code).toBe('CA_STORE_CORRUPT');
    expect(refused.message).toMatch(/not an encrypted PKCS#8 key/);
  });

  it('adds the missing issuing CAs to a store from before the hierarchy, under the same root', async () => {
    const old = join(dir, 'old');
    const first = await CertificateAuthority.loadOrCreate({ dir: old, passphrase: PASSPHRASE });
    for (const files of Object.values(EXTRA_FILES)) for (const file of [files.certificate, files.key]) await rm(join(old, file));
    const upgraded = await CertificateAuthority.loadOrCreate({ dir: old, passphrase: PASSPHRASE });
    expect(upgraded.rootCertificatePem).toBe(first.rootCertificatePem);
    expect(upgraded.issuingCertificatePem).toBe(first.issuingCertificatePem);
    expect(upgraded.issuers.map((i) => i.id)).toEqual(['tls-rsa', 'tls-ecdsa', 'smime']);
    expect((await readdir(old)).sort()).toEqual(FILES);
  });

  it('reports a half-written store instead of silently making a new CA', async () => {
    const half = join(dir, 'half');
    await CertificateAuthority.loadOrCreate({ dir: half, passphrase: PASSPHRASE });
    await rm(join(half, CA_FILES.issuingKey));
    const refused = await domainErrorOf(readStore(half, 50));
    expect(refused).toMatchObject({ code: 'CA_STORE_INCOMPLETE', details: { missing: CA_FILES.issuingKey } });
  });
});

describe('CertificateAuthority.loadOrCreate started concurrently', () => {
  it('in one process: one CA, no temporary files left', async () => {
    const shared = join(dir, 'concurrent');
    const cas = await Promise.all([1, 2, 3, 4].map(() => CertificateAuthority.loadOrCreate({ dir: shared, passphrase: PASSPHRASE })));
    expect(new Set(cas.map(everyCa)).size).toBe(1);
    expect((await readdir(shared)).sort()).toEqual(FILES);
  });

  it('in two processes started at the same instant: one CA', async () => {
    const shared = join(dir, 'processes');
    const root = resolve(__dirname, '../../../..');
    const child = join(__dirname, '../testing/load-or-create.child.ts');
    const startAt = String(Date.now() + 1500); // both are loaded and waiting by then
    const run = () =>
      promisify(execFile)(process.execPath, ['-r', join(root, 'tools/register.js'), child, shared, startAt], {
        cwd: root,
        env: { ...process.env, PKI_TEST_PASSPHRASE: PASSPHRASE },
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.stdout).toMatch(/^[0-9a-f]{64}$/);
    expect(b.stdout).toBe(a.stdout);
    const opened = await CertificateAuthority.loadOrCreate({ dir: shared, passphrase: PASSPHRASE });
    expect(sha256(everyCa(opened))).toBe(a.stdout);
    expect((await readdir(shared)).sort()).toEqual(FILES);
  }, 20_000);
});
