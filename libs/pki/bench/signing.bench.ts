/**
 * Why @peculiar/x509 + WebCrypto rather than node-forge. Run from the repository root:
 *   node -r ./tools/register.js libs/pki/bench/signing.bench.ts [count]
 * 1. forge on an ECDSA CSR; 2. raw RSA-2048 signatures per second; 3. whole certificates per second.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as forge from 'node-forge';
import { CertificateAuthority, parseCsr } from '../src';

const COUNT = Number(process.argv[2] ?? 200);
const DAY = 86_400_000;

function opensslCsr(dir: string, name: string, newkey: string[]): string {
  const out = join(dir, `${name}.csr`);
  execFileSync('openssl', ['req', '-new', ...newkey, '-nodes', '-keyout', join(dir, `${name}.key`),
    '-subj', '/CN=www.example.com', '-addext', 'subjectAltName=DNS:www.example.com', '-out', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

async function rate(work: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await work();
  return COUNT / ((performance.now() - started) / 1000);
}

function forgeCertificate(issuerKey: forge.pki.rsa.PrivateKey, csr: forge.pki.CertificateSigningRequest): string {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = `1${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 90 * DAY);
  cert.publicKey = csr.publicKey as forge.pki.rsa.PublicKey;
  cert.setSubject([{ shortName: 'CN', value: 'www.example.com' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'Bench Issuing CA' }]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'www.example.com' }] },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(issuerKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pki-bench-'));
  try {
    try {
      forge.pki.certificationRequestFromPem(opensslCsr(dir, 'ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']));
      console.log('node-forge, ECDSA P-256 CSR: parsed (unexpected)');
    } catch (e) {
      console.log(`node-forge, ECDSA P-256 CSR: "${(e as Error).message}"`);
    }

    const issuer = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forgeKey = forge.pki.privateKeyFromPem(issuer.export({ type: 'pkcs1', format: 'pem' }) as string);
    const webKey = await webcrypto.subtle.importKey('pkcs8', issuer.export({ type: 'pkcs8', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const tbs = randomBytes(1000); // about the size of a leaf TBSCertificate
    const forgeSign = await rate(() => {
      const md = forge.md.sha256.create();
      md.update(tbs.toString('binary'));
      return forgeKey.sign(md);
    });
    const webSign = await rate(() => webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', webKey, tbs));
    console.log(`RSA-2048 signatures, ${COUNT}: node-forge ${forgeSign.toFixed(0)}/s, WebCrypto ${webSign.toFixed(0)}/s (${(webSign / forgeSign).toFixed(0)}x)`);

    const rsaCsrPem = opensslCsr(dir, 'rsa', ['-newkey', 'rsa:2048']);
    const forgeCsr = forge.pki.certificationRequestFromPem(rsaCsrPem);
    const forgeCerts = await rate(() => forgeCertificate(forgeKey, forgeCsr));
    const ca = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'bench' });
    const csr = await parseCsr(rsaCsrPem);
    const subject = { organisation: 'Bench' };
    const caCerts = await rate(() => {
      const notBefore = new Date();
      return ca.issue({ csr, dnsNames: csr.dnsNames, subject, notBefore, notAfter: new Date(notBefore.getTime() + 90 * DAY) });
    });
    console.log(
      `Whole certificates, ${COUNT}: node-forge ${forgeCerts.toFixed(0)}/s, ` +
        `CertificateAuthority.issue (@peculiar/x509 + WebCrypto) ${caCerts.toFixed(0)}/s (${(caCerts / forgeCerts).toFixed(1)}x)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
