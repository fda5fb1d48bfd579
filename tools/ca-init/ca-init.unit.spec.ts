import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caInit } from './ca-init';

describe('ca:init', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'ca-init-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates the hierarchy once, then opens the same CA (idempotent)', async () => {
    const env = { DATA_DIR: dir, CA_PASSPHRASE: 'a passphrase for the ca-init tests, long enough' };
    const first = await caInit(env);
    expect(first.created).toBe(true);
    expect(first.lines.filter((l) => l.startsWith('issuing '))).toHaveLength(3);
    const again = await caInit(env);
    expect(again.created).toBe(false);
    expect(again.lines.slice(1)).toEqual(first.lines.slice(1));
    expect((await readFile(join(dir, 'ca', 'root.key.pem'), 'utf8')).startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toBe(true);
    expect(first.lines.join('\n')).not.toMatch(/PRIVATE KEY|a passphrase for the ca-init tests, long enough/);
  });

  it('refuses to touch a directory that holds a different CA', async () => {
    const env = { DATA_DIR: dir, CA_PASSPHRASE: 'a passphrase for the ca-init tests, long enough', CA_NAME: 'Another' };
    await expect(caInit(env)).rejects.toMatchObject({ code: 'CA_STORE_EXISTS' });
    const root = await readFile(join(dir, 'ca', 'root.crt.pem'), 'utf8');
    expect((await caInit({ DATA_DIR: dir, CA_PASSPHRASE: 'a passphrase for the ca-init tests, long enough' })).lines[1]).toContain('Platform Development Root CA');
    expect(await readFile(join(dir, 'ca', 'root.crt.pem'), 'utf8')).toBe(root);
  });
});
