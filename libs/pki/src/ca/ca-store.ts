/**
 * The CA directory: the root and the issuing CAs, a certificate and an encrypted key each, every
 * file mode 0600. The files form groups: the core (root and the TLS RSA issuing CA, the store's
 * original shape) and one group per further issuing CA, added to an existing store on start.
 *
 * Creation must be race-free: two processes starting at once against an empty directory must
 * end up with one CA. Each writes a group's files under temporary names, then claims the group by
 * hard-linking its first file (the claim) into place; link() fails with EEXIST when the name
 * exists, so exactly one process wins. Only the winner then renames the group's other files into
 * place; losers delete theirs and read the winner's, waiting briefly for the renames to land.
 * No lock file is involved, so a crashed process cannot leave a stale lock behind.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@platform/kernel';
import { CaErrorCode } from './ca.errors';

export const CA_FILES = {
  rootCertificate: 'root.crt.pem',
  issuingCertificate: 'issuing.crt.pem',
  rootKey: 'root.key.pem',
  issuingKey: 'issuing.key.pem',
} as const;
export type CaFiles = Record<keyof typeof CA_FILES, string>;

/** Further issuing CAs: a group each, its certificate being the claim. */
export const EXTRA_FILES = {
  'tls-ecdsa': { certificate: 'issuing-tls-ecdsa.crt.pem', key: 'issuing-tls-ecdsa.key.pem' },
  smime: { certificate: 'issuing-smime.crt.pem', key: 'issuing-smime.key.pem' },
} as const;
export type ExtraIssuer = keyof typeof EXTRA_FILES;

/** The claim: the first file to exist, and the one whose presence means "a CA lives here". */
const CLAIM: keyof CaFiles = 'rootCertificate';
const FILE_MODE = 0o600;
const COMPLETION_WAIT_MS = 10_000;

export async function ensureDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Reads the store, or returns undefined when no CA has been created in `dir` yet. Files missing
 * beside the claim are waited for (another process may be renaming them in) up to `waitMs`.
 */
export async function readStore(dir: string, waitMs = COMPLETION_WAIT_MS): Promise<CaFiles | undefined> {
  const claim = await readIfPresent(join(dir, CA_FILES[CLAIM]));
  if (claim === undefined) return undefined;
  const deadline = Date.now() + waitMs;
  const files: Partial<CaFiles> = { [CLAIM]: claim };
  for (const role of Object.keys(CA_FILES) as (keyof CaFiles)[]) {
    while (files[role] === undefined) {
      files[role] = await readIfPresent(join(dir, CA_FILES[role]));
      if (files[role] !== undefined) break;
      if (Date.now() > deadline) throw incomplete(dir, CA_FILES[role]);
      await sleep(25); // another process holds the claim and is still renaming its files in
    }
  }
  return files as CaFiles;
}

/** Writes a new store unless another process already has; returns whether ours was published. */
export async function publishStore(dir: string, files: CaFiles): Promise<boolean> {
  const suffix = `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const roles = Object.keys(CA_FILES) as (keyof CaFiles)[];
  const temporary = (role: keyof CaFiles) => join(dir, `.${CA_FILES[role]}${suffix}`);
  try {
    for (const role of roles) await writeDurably(temporary(role), files[role]);
    try {
      await link(temporary(CLAIM), join(dir, CA_FILES[CLAIM]));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    for (const role of roles) if (role !== CLAIM) await rename(temporary(role), join(dir, CA_FILES[role]));
    await syncDirectory(dir);
    return true;
  } finally {
    await Promise.all(roles.map((role) => unlink(temporary(role)).catch(() => undefined)));
  }
}

/** An extra issuing CA's certificate and key, or undefined when the store does not have it yet. */
export async function readExtra(dir: string, id: ExtraIssuer, waitMs = COMPLETION_WAIT_MS): Promise<{ certificate: string; key: string } | undefined> {
  const names = EXTRA_FILES[id];
  const certificate = await readIfPresent(join(dir, names.certificate));
  if (certificate === undefined) return undefined;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const key = await readIfPresent(join(dir, names.key));
    if (key !== undefined) return { certificate, key };
    if (Date.now() > deadline) throw incomplete(dir, names.key);
    await sleep(25);
  }
}

/** Adds an extra issuing CA unless another process already has; returns whether ours was published. */
export async function publishExtra(dir: string, id: ExtraIssuer, files: { certificate: string; key: string }): Promise<boolean> {
  const names = EXTRA_FILES[id];
  const suffix = `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const temporary = (name: string) => join(dir, `.${name}${suffix}`);
  try {
    await writeDurably(temporary(names.certificate), files.certificate);
    await writeDurably(temporary(names.key), files.key);
    try {
      await link(temporary(names.certificate), join(dir, names.certificate));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    await rename(temporary(names.key), join(dir, names.key));
    await syncDirectory(dir);
    return true;
  } finally {
    await Promise.all([names.certificate, names.key].map((n) => unlink(temporary(n)).catch(() => undefined)));
  }
}

async function writeDurably(path: string, content: string): Promise<void> {
  // 'wx': never follow or reuse an existing file; the mode is set at creation, never widened.
  const handle = await open(path, 'wx', FILE_MODE);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the files themselves are already synced.
  } finally {
    await handle.close();
  }
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const incomplete = (dir: string, missing: string): DomainError =>
  new DomainError(
    CaErrorCode.storeIncomplete,
    'internal',
    `The CA directory ${dir} has a root certificate but no ${missing}: its creation was interrupted. ` +
      'If no other process is starting, move the directory aside and start again to create a new CA.',
    { dir, missing },
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
