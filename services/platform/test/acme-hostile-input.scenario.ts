import * as acme from 'acme-client';
import { exportPKCS8 } from 'jose';
import type { AcmeScenarioContext } from './acme-lifecycle.scenario';
import type { AcmePlatformUnderTest } from './acme.scenario';
import { RawAcmeClient } from './acme-raw-client';

/** Requests no honest client sends (issue 18): each gets an ACME problem, never a 500, and changes nothing. */
export function acmeHostileInputScenario(platform: () => AcmePlatformUnderTest, ctx: Pick<AcmeScenarioContext, 'org' | 'rao'>): void {
  const registered = async () => {
    const binding = (await ctx.rao().post('/api/v1/acme/bindings', { organisationId: ctx.org().orgId })).body;
    const raw = await RawAcmeClient.create(platform().acmeUrl);
    expect((await raw.register(binding)).status).toBe(201);
    return raw;
  };
  const postRaw = async (raw: RawAcmeClient, protectedHeader: string) => {
    const response = await fetch(`${raw.base}/new-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose+json' },
      body: JSON.stringify({ protected: Buffer.from(protectedHeader).toString('base64url'), payload: '', signature: 'AAAA' }),
    });
    return { status: response.status, nonce: response.headers.get('replay-nonce'), body: await response.json() };
  };

  it('16. a protected header that is base64url("null"), or whose kid is not a string, is malformed, not a 500', async () => {
    const raw = await registered();
    const url = `${raw.base}/new-order`;
    const nonce = await raw.nonce();
    for (const header of ['null', JSON.stringify({ alg: 'ES256', nonce, url, kid: 42 }), JSON.stringify({ alg: 'ES256', nonce, url, kid: [raw.kid] })]) {
      const reply = await postRaw(raw, header);
      expect(reply).toMatchObject({ status: 400, nonce: expect.stringMatching(/^[\w-]{20,}$/), body: { type: 'urn:ietf:params:acme:error:malformed' } });
    }
  });

  it('17. finalize with a CSR for the account key is refused with badCSR; the order stays ready and another key issues', async () => {
    const raw = await registered();
    const name = 'account-key.example.ac.uk';
    const order = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value: name }] });
    expect(order).toMatchObject({ status: 201, body: { status: 'ready' } });
    const orderUrl = order.headers.get('location')!;
    const csrDer = async (key: string | Buffer) => {
      const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] }, key);
      return csr.toString().replace(/-----[^-]+-----|\s/g, '');
    };
    const accountKeyCsr = Buffer.from(await csrDer(await exportPKCS8(raw.key.privateKey)), 'base64').toString('base64url');
    const refused = await raw.post(order.body.finalize, { csr: accountKeyCsr });
    expect(refused).toMatchObject({
      status: 400,
      body: { type: 'urn:ietf:params:acme:error:badCSR', code: 'CSR_KEY_IS_ACCOUNT_KEY', detail: expect.stringContaining('must differ from the account key') },
    });
    expect((await raw.post(orderUrl, undefined)).body).toMatchObject({ status: 'ready' });

    const otherKeyCsr = Buffer.from(await csrDer(await acme.crypto.createPrivateEcdsaKey()), 'base64').toString('base64url');
    const finalized = await raw.post(order.body.finalize, { csr: otherKeyCsr });
    expect(finalized.status).toBe(200);
    expect(['processing', 'valid']).toContain(finalized.body.status);
  });
}
