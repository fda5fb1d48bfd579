/**
 * Child process for the concurrent-start test: waits until the agreed instant, opens (or
 * creates) the CA in argv[2], prints a SHA-256 of its CA certificates. Passphrase from the environment.
 */
import { createHash } from 'node:crypto';
import { CertificateAuthority } from '../ca/certificate-authority';

async function main(): Promise<void> {
  const [dir, startAt] = process.argv.slice(2);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const ca = await CertificateAuthority.loadOrCreate({ dir, passphrase: process.env.PKI_TEST_PASSPHRASE ?? '' });
  process.stdout.write(createHash('sha256').update(ca.rootCertificatePem + ca.issuers.map((i) => i.certificatePem).join('')).digest('hex'));
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
