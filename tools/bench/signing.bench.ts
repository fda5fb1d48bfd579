/**
 * `npm run bench:signing [seconds per round] [rounds]`: whole certificates issued per second on one core by the CA
 * (`CertificateAuthority.issue`: re-check names and key, build the TBSCertificate DER, sign, encode
 * PEM, fingerprint) for an RSA-2048 and a P-256 issuing CA, beside `openssl speed` for the same key
 * types in the same run, as ratios. One request at a time: one core. Last line:
 *   signing rsa2048_ratio=<x> p256_ratio=<y>
 * Goal (issue 3): at least 0.80 (RSA-2048) and 0.50 (P-256) of OpenSSL's sign/s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateAuthority, type IssueRequest, parseCsr } from '@platform/pki';

const SECONDS = Number(process.argv[2] ?? 1);
/** Rounds, alternating ours and openssl's; the best of each is kept (the machine is shared, and load only ever slows). */
const ROUNDS = Number(process.argv[3] ?? 5);
const DAY = 86_400_000;

function opensslSpeed(algorithm: 'rsa2048' | 'ecdsap256'): number {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), '-elapsed', algorithm], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const line = algorithm === 'rsa2048' ? /rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)/.exec(out) : /256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)/.exec(out);
  if (!line) throw new Error(`cannot read openssl speed ${algorithm}:\n${out}`);
  return Number(line[1]);
}

function csrPem(dir: string, name: string, newkey: string[]): string {
  const out = join(dir, `${name}.csr`);
  execFileSync('openssl', ['req', '-new', ...newkey, '-nodes', '-keyout', join(dir, `${name}.key`),
    '-subj', '/CN=www.example.ac.uk', '-addext', 'subjectAltName=DNS:www.example.ac.uk', '-out', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

async function issuedPerSecond(ca: CertificateAuthority, request: IssueRequest): Promise<number> {
  for (let i = 0; i < 200; i++) await ca.issue(request); // warm-up: JIT, caches of constant extensions
  let count = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) await ca.issue(request);
    count += 50;
  }
  return count / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'signing-bench-'));
  try {
    const ca = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'bench passphrase' });
    const notBefore = new Date();
    const base = {
      subject: { organisation: 'University of Example', country: 'GB', locality: 'Exampleton' },
      notBefore,
      notAfter: new Date(notBefore.getTime() + 200 * DAY - 1000),
      publicUrl: 'https://certs.example.ac.uk',
    };
    const rsaCsr = await parseCsr(csrPem(dir, 'rsa', ['-newkey', 'rsa:2048']));
    const ecCsr = await parseCsr(csrPem(dir, 'ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']));
    let [rsa, p256, opensslRsa, opensslP256] = [0, 0, 0, 0];
    for (let round = 0; round < ROUNDS; round++) {
      rsa = Math.max(rsa, await issuedPerSecond(ca, { ...base, csr: rsaCsr, dnsNames: rsaCsr.dnsNames }));
      opensslRsa = Math.max(opensslRsa, opensslSpeed('rsa2048'));
      p256 = Math.max(p256, await issuedPerSecond(ca, { ...base, csr: ecCsr, dnsNames: ecCsr.dnsNames }));
      opensslP256 = Math.max(opensslP256, opensslSpeed('ecdsap256'));
    }
    // Probe: which CA signed (RSA CSR → RSA CA, EC CSR → P-256 CA), so the comparison is like for like.
    const [rsaIssuer, ecIssuer] = await Promise.all([ca.issue({ ...base, csr: rsaCsr, dnsNames: rsaCsr.dnsNames }), ca.issue({ ...base, csr: ecCsr, dnsNames: ecCsr.dnsNames })]);
    const rows = [
      ['RSA-2048', rsaIssuer.issuerId, rsa, opensslRsa],
      ['P-256', ecIssuer.issuerId, p256, opensslP256],
    ] as const;
    console.log(`certificates issued per second, one core, best of ${ROUNDS} alternating rounds of ${SECONDS} s (Node ${process.version}, ${execFileSync('openssl', ['version']).toString().trim()})`);
    console.log('| issuing CA key | CA | certificates/s | openssl speed sign/s | ratio |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [key, id, ours, theirs] of rows) console.log(`| ${key} | ${id} | ${ours.toFixed(0)} | ${theirs.toFixed(0)} | ${(ours / theirs).toFixed(2)} |`);
    console.log(`signing rsa2048_ratio=${(rsa / opensslRsa).toFixed(2)} p256_ratio=${(p256 / opensslP256).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
