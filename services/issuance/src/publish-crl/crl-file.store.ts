/**
 * The current CRL of each issuing CA on disk: `<dir>/<ca>.crl` (the DER, as served) beside
 * `<dir>/<ca>.crl.json` (its number, times, covered position and SHA-256). A restarted instance
 * serves it at once instead of signing it again; each file is written to a temporary name and
 * renamed, so a reader or a crash never sees half a CRL, and a DER that does not match its
 * description (a crash between the two renames) is ignored and built again from the records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CrlPublishedData } from '../crl/crl.decider';

export interface CurrentCrl extends CrlPublishedData {
  der: Buffer;
  /** hex SHA-256 of `der` */
  sha256: string;
}

export const currentCrl = (publication: CrlPublishedData, der: Buffer): CurrentCrl => ({
  ...publication,
  der,
  sha256: createHash('sha256').update(der).digest('hex'),
});

export class CrlFileStore {
  constructor(private readonly dir: string) {}

  async read(issuerId: string): Promise<CurrentCrl | undefined> {
    try {
      const description = JSON.parse(await readFile(this.path(issuerId, '.json'), 'utf8')) as Omit<CurrentCrl, 'der'>;
      const crl = currentCrl(description, await readFile(this.path(issuerId)));
      return crl.sha256 === description.sha256 && crl.issuerId === issuerId ? crl : undefined;
    } catch {
      return undefined; // none yet, or unreadable: built again from the records
    }
  }

  async write(crl: CurrentCrl): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const { der, ...description } = crl;
    await atomicWrite(this.path(crl.issuerId), der);
    await atomicWrite(this.path(crl.issuerId, '.json'), JSON.stringify(description));
  }

  private path(issuerId: string, suffix = ''): string {
    return join(this.dir, `${issuerId}.crl${suffix}`);
  }
}

async function atomicWrite(path: string, contents: Buffer | string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, contents);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
