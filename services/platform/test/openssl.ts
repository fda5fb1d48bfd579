import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real openssl, for making CSRs and checking what the platform issues. */
/** `extensions`: more `-addext` values, e.g. 'tlsfeature=status_request' (OCSP Must-Staple). */
export function makeCsr(opts: { commonName?: string; names: string[]; key: 'rsa2048' | 'p256'; extensions?: string[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'csr-'));
  try {
    const keyArgs = opts.key === 'rsa2048' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    execFileSync('openssl', [
      'req', '-new', ...keyArgs, '-nodes',
      '-keyout', join(dir, 'key.pem'),
      '-subj', opts.commonName ? `/CN=${opts.commonName}` : '/',
      '-addext', `subjectAltName=${opts.names.map((n) => `DNS:${n}`).join(',')}`,
      ...(opts.extensions ?? []).flatMap((e) => ['-addext', e]),
      '-out', join(dir, 'csr.pem'),
    ], { stdio: 'pipe' });
    return readFileSync(join(dir, 'csr.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl verify` of a leaf against the root, with the issuing CA as untrusted intermediate. */
export function opensslVerify(leafPem: string, chainPem: string, rootPem: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    writeFileSync(join(dir, 'leaf.pem'), leafPem);
    writeFileSync(join(dir, 'chain.pem'), chainPem);
    writeFileSync(join(dir, 'root.pem'), rootPem);
    try {
      const output = execFileSync(
        'openssl',
        ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'leaf.pem')],
        { stdio: 'pipe' },
      ).toString();
      return { ok: true, output };
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
