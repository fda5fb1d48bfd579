/** Test helpers around the `openssl` command line tool: an independent judge of what we produce. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function openssl(args: string[]): Promise<{ stdout: string; stderr: string; ok: boolean }> {
  try {
    const { stdout, stderr } = await run('openssl', args, { maxBuffer: 1 << 20 });
    return { stdout, stderr, ok: true };
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string };
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', ok: false };
  }
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pki-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `openssl verify -x509_strict -purpose sslserver`; returns openssl's verdict line(s). */
export async function verifyTlsServerChain(chain: { root: string; issuing: string; leaf: string }): Promise<string> {
  return withTempDir(async (dir) => {
    const path = (name: keyof typeof chain) => join(dir, `${name}.pem`);
    await Promise.all((Object.keys(chain) as (keyof typeof chain)[]).map((name) => writeFile(path(name), chain[name])));
    const result = await openssl([
      'verify', '-x509_strict', '-purpose', 'sslserver',
      '-CAfile', path('root'), '-untrusted', path('issuing'), path('leaf'),
    ]);
    return (result.stdout + result.stderr).trim();
  });
}

/** Serial number and SHA-256 fingerprint of a PEM certificate, as openssl reads them. */
export async function opensslCertificateFacts(pem: string): Promise<{ serial: string; sha256Fingerprint: string }> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'cert.pem');
    await writeFile(path, pem);
    const { stdout, stderr, ok } = await openssl(['x509', '-in', path, '-noout', '-serial', '-fingerprint', '-sha256']);
    if (!ok) throw new Error(`openssl x509 failed: ${stderr}`);
    const serial = /serial=(\S+)/.exec(stdout)?.[1] ?? '';
    const fingerprint = /Fingerprint=(\S+)/.exec(stdout)?.[1] ?? '';
    return { serial, sha256Fingerprint: fingerprint.replace(/:/g, '').toLowerCase() };
  });
}
