// A real OpenID Provider (npm oidc-provider, ESM) for the e2e tests, run in a worker thread of the
// test process: jest cannot load ESM-only packages in its module system, a worker loads them natively.
// Any login with any password is accepted (dev interactions); the login becomes the subject.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { default: Provider } = await import(workerData.providerPath);
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: workerData.clientId,
      client_secret: workerData.clientSecret,
      redirect_uris: [workerData.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // Refuse any authorization request without PKCE, so the test proves the gateway sends it.
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
  claims: { openid: ['sub'], email: ['email'] },
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, email: `${id}@idp.example` }) }),
  // Consent is not what is tested: grant the requested scopes at once.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (_ctx, error) => parentPort.postMessage({ error: String(error) }));
server.on('request', provider.callback());

parentPort.on('message', (message) => {
  if (message === 'close') server.close(() => parentPort.close());
});
parentPort.postMessage({ issuer });
