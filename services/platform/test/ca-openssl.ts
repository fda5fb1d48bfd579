/** openssl helpers for the CA end-to-end test: CSRs of every shape (good and bad), and its judges. */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs openssl; `out` is stdout and stderr together (openssl prints verdicts such as "verify OK" on stderr). */
export function run(args: string[], input?: Buffer): { ok: boolean; out: string } {
  const result = spawnSync('openssl', args, { input });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/**
 * The same, without blocking the event loop: for openssl commands that talk to the platform under
 * test in this very process (`openssl ocsp -url`), which a synchronous call would deadlock.
 */
export function runAsync(args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { timeout: 20_000 }, (error, stdout, stderr) => resolve({ ok: !error, out: `${stdout}${stderr}` }));
  });
}

export type KeyKind = 'rsa:2048' | 'rsa:1024' | 'rsa:2048:e3' | 'ec:P-256' | 'ec:P-521';

/** A fresh key in `dir`, returned as its path. */
export function key(dir: string, kind: KeyKind, name: string): string {
  const [type, size, e3] = kind.split(':');
  const path = join(dir, `${name}.key`);
  const options =
    type === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${size}`, ...(e3 ? ['-pkeyopt', 'rsa_keygen_pubexp:3'] : [])]
      : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${size}`];
  const r = run(['genpkey', ...options, '-out', path]);
  if (!r.ok) throw new Error(r.out);
  return path;
}

export function csr(keyFile: string, opts: { cn?: string; sans?: readonly string[] }): string {
  const out = `${keyFile}.${Math.random().toString(36).slice(2)}.csr`;
  const args = ['req', '-new', '-key', keyFile, '-utf8', '-subj', opts.cn ? `/CN=${opts.cn}` : '/', '-out', out];
  if (opts.sans?.length) args.push('-addext', `subjectAltName=${opts.sans.map((n) => `DNS:${n}`).join(',')}`);
  const r = run(args);
  if (!r.ok) throw new Error(r.out);
  return readFileSync(out, 'utf8');
}

/** Writes files into `dir` and returns their paths by name. */
export function files(dir: string, contents: Record<string, string | Buffer>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(contents).map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return [name, path];
    }),
  );
}

export const firstPem = (pems: string): string => /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(pems)![0];

/** The CRL number of a DER CRL, as openssl reads it. */
export const crlNumber = (der: Buffer): number =>
  Number(/X509v3 CRL Number:\s+(\d+)/.exec(run(['crl', '-inform', 'DER', '-noout', '-text'], der).out)?.[1]);
