import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { RawAcmeClient } from './acme-raw-client';

/** Behind a TLS-terminating proxy the request says http://internal-host: ACME_PUBLIC_URL names the real base. */
describe('ACME_PUBLIC_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-acme-url-'));
  const publicBase = 'https://acme.example.ac.uk/acme';
  let platform: PlatformHandle;

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ACME_PUBLIC_URL: `${publicBase}/` });
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the directory and every URL use the configured base, and the JWS "url" must name it', async () => {
    const directory = await (await fetch(`${platform.url}/acme/directory`)).json();
    expect(directory).toMatchObject({ newNonce: `${publicBase}/new-nonce`, newAccount: `${publicBase}/new-account`, newOrder: `${publicBase}/new-order` });

    const raw = await RawAcmeClient.create(platform.url!);
    const reached = `${raw.base}/new-account`; // where the proxy forwards to
    // Signed for the public URL: the url check passes, and the request goes on to ask for EAB.
    const forPublic = await raw.post(`${publicBase}/new-account`, { termsOfServiceAgreed: true }, { jwk: true, to: reached });
    expect(forPublic).toMatchObject({ status: 403, body: { type: 'urn:ietf:params:acme:error:externalAccountRequired' } });
    // Signed for the internal URL: refused, as a replay to another server would be.
    const forInternal = await raw.post(reached, { termsOfServiceAgreed: true }, { jwk: true });
    expect(forInternal).toMatchObject({ status: 401, body: { type: 'urn:ietf:params:acme:error:unauthorized', detail: expect.stringContaining(publicBase) } });
  });

  it('a value that is not an absolute http(s) URL stops the start with a clear message', async () => {
    await expect(startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ACME_PUBLIC_URL: 'acme.example.ac.uk' })).rejects.toThrow(/ACME_PUBLIC_URL must be an absolute URL/);
  });
});
