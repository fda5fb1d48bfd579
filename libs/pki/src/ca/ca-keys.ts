/**
 * CA key pairs and their form at rest: PKCS#8, encrypted with AES-256-CBC under a key derived
 * from the passphrase (PBKDF2, by OpenSSL). Plaintext keys are never written anywhere.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { DomainError } from '@platform/kernel';
import { CaErrorCode, storeCorrupt } from './ca.errors';

const generate = promisify(generateKeyPair);

export const ENCRYPTED_KEY_HEADER = '-----BEGIN ENCRYPTED PRIVATE KEY-----';

/** Root: ECDSA P-384 (fast to generate, long-lived). Issuing CAs: RSA 2048 or ECDSA P-256. */
export async function generateCaKey(kind: 'ec-p384' | 'ec-p256' | 'rsa-2048'): Promise<KeyObject> {
  const { privateKey } =
    kind === 'rsa-2048'
      ? await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
      : await generate('ec', { namedCurve: kind === 'ec-p384' ? 'P-384' : 'P-256' });
  return privateKey;
}

export function encryptKey(key: KeyObject, passphrase: string): string {
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

export function decryptKey(pem: string, passphrase: string, file: string): KeyObject {
  // An unencrypted key would decrypt "successfully" with any passphrase: refuse it outright.
  if (!pem.trimStart().startsWith(ENCRYPTED_KEY_HEADER)) throw storeCorrupt(file, 'is not an encrypted PKCS#8 key');
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    // Usually ERR_OSSL_BAD_DECRYPT; but about 1 in 256 wrong passphrases gets past the CBC padding
    // check and fails later as a decoding error, so every failure here gets the same answer.
    // The OpenSSL error itself is not passed on: it adds nothing for the reader.
    throw new DomainError(
      CaErrorCode.passphraseInvalid,
      'unauthenticated',
      `The CA key ${file} cannot be decrypted with the configured passphrase (a wrong passphrase, or a damaged file). ` +
        'Check the CA passphrase setting.',
      { file },
    );
  }
}
