/**
 * `npm run ca:init`: creates the CA hierarchy (root, TLS RSA, TLS ECDSA and S/MIME issuing CAs)
 * in CA_DIR (default DATA_DIR/ca), or adds the issuing CAs an older store lacks. Idempotent: run
 * again, it opens the same CA and prints the same summary. It never overwrites a CA: a directory
 * that holds a CA of another name (CA_NAME) is refused, and a damaged store is reported, not replaced.
 * Prints certificates' subjects and fingerprints only; never a key or the passphrase.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { DomainError } from '@platform/kernel';
import { CertificateAuthority, DEFAULT_CA_NAME } from '@platform/pki';
import { loadConfig, loadSecretText } from '@platform/runtime';

export async function caInit(env: NodeJS.ProcessEnv): Promise<{ created: boolean; lines: string[] }> {
  const config = loadConfig(env);
  const dir = resolve(config.CA_DIR ?? `${config.DATA_DIR}/ca`);
  const name = env.CA_NAME ?? DEFAULT_CA_NAME;
  const existing = await CertificateAuthority.existingRootSubject(dir);
  const expected = `O=${name}, CN=${name} Root CA`;
  if (existing !== undefined && existing !== expected) {
    throw new DomainError(
      'CA_STORE_EXISTS',
      'conflict',
      `${dir} already holds a different CA ("${existing}", not "${expected}"); refusing to overwrite it. ` +
        'Set CA_NAME to its name to open it, or choose another CA_DIR for a new CA.',
      { dir },
    );
  }
  const passphrase = loadSecretText('ca-passphrase', config.CA_PASSPHRASE, config.CA_PASSPHRASE_FILE, config.DATA_DIR);
  const ca = await CertificateAuthority.loadOrCreate({ dir, passphrase, name });
  const fingerprint = (pem: string) =>
    createHash('sha256').update(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')).digest('hex');
  const lines = [
    `CA directory: ${dir} (${existing === undefined ? 'created' : 'opened'})`,
    `root: ${expected} sha256=${fingerprint(ca.rootCertificatePem)}`,
    ...ca.issuers.map((i) => `issuing ${i.id}: sha256=${fingerprint(i.certificatePem)}`),
  ];
  return { created: existing === undefined, lines };
}

if (require.main === module) {
  caInit(process.env)
    .then(({ lines }) => console.log(lines.join('\n')))
    .catch((error: Error) => {
      console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error.message);
      process.exit(1);
    });
}
