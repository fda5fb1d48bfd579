/**
 * The certificate authority through the running platform (issue 3): profiles judged by openssl,
 * the bad-CSR corpus refused with no state change, revocation visible through the CRL at its
 * public URL (`openssl crl`, `openssl verify -crl_check`) and the OCSP responder (`openssl ocsp -url`),
 * keyCompromise blocking the key, downloads, and the daily CRL derived from the injected clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Issuance } from '@platform/contracts';
import { ManualClock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { crlNumber, csr, files, firstPem, key, run, runAsync } from './ca-openssl';
import { client, eventually, signIn } from './http-client';

const adminEmail = 'operator@example.ac.uk';
const adminPassword = 'operator password for tests';
const DAY = 86_400_000;

describe('certificate authority, through the platform (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-ca-e2e-'));
  const work = mkdtempSync(join(tmpdir(), 'ca-e2e-work-'));
  const clock = new ManualClock(new Date());
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let token: string;
  let orgId: string;
  let rootPem: string;
  const api = () => client(platform.url!, token);
  const request = (body: Record<string, unknown>) => api().post('/api/v1/certificates', { organisationId: orgId, ...body });
  const state = async () => ({
    total: (await api().get('/api/v1/certificates')).body.total,
    tally: (await api().get(`/api/v1/organisations/${orgId}/subscription`)).body.tally,
  });

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DNS_RESOLVER: dns.address, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: adminEmail, PORTAL_ADMIN_PASSWORD: adminPassword },
      { clock },
    );
    token = await signIn(platform.url!, adminEmail, adminPassword);
    orgId = (await api().post('/api/v1/organisations', { name: 'University of Example', member: true })).body.id;
    // Vetted details (not a bare operator assertion): EV vetting builds on them, and they fill the subject.
    const details = { legalName: 'University of Example', locality: 'Exampleton', country: 'GB', registrationNumber: 'RC000123' };
    expect((await api().post(`/api/v1/organisations/${orgId}/validation/details`, details)).status).toBe(201);
    expect((await api().post(`/api/v1/organisations/${orgId}/validation/review`, { decision: 'approve' })).status).toBe(200);
    expect((await api().post(`/api/v1/organisations/${orgId}/domains`, { domain: 'example.ac.uk' })).status).toBe(201);
    expect((await api().post(`/api/v1/organisations/${orgId}/domains/example.ac.uk/operator-assertion`, {})).status).toBe(201);
    expect((await api().post(`/api/v1/organisations/${orgId}/subscription`, { usageClass: 'A' })).status).toBe(201);
    rootPem = (await client(platform.url!).get('/api/v1/ca/root.pem')).body;
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const verifyTls = (leaf: string, chain: string) => {
    const f = files(work, { 'leaf.pem': leaf, 'chain.pem': chain, 'root.pem': rootPem });
    return run(['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', f['root.pem'], '-untrusted', f['chain.pem'], f['leaf.pem']]);
  };
  const text = (pem: string) => run(['x509', '-noout', '-text', '-in', files(work, { 'text.pem': pem })['text.pem']]).out;

  it.each([
    ['ov-ssl', 'rsa:2048', ['www.example.ac.uk'], 'tls-rsa'],
    ['ov-ssl', 'ec:P-256', ['www.example.ac.uk'], 'tls-ecdsa'],
    ['ov-multi-domain', 'ec:P-256', ['a.example.ac.uk', 'b.example.ac.uk'], 'tls-ecdsa'],
    ['ov-wildcard', 'rsa:2048', ['*.example.ac.uk', 'example.ac.uk'], 'tls-rsa'],
  ] as const)('%s for a %s key is signed by %s and verifies with openssl -x509_strict -purpose sslserver', async (type, kind, names, issuer) => {
    const issued = await request({ csr: csr(key(work, kind, `${type}-${kind}`), { cn: names[0], sans: [...names] }), certificateType: type });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ certificateType: type, issuerId: issuer, names });
    expect(verifyTls(issued.body.certificatePem, issued.body.chainPem)).toMatchObject({ ok: true });
    const shown = text(issued.body.certificatePem);
    expect(shown).toContain('Policy: 2.23.140.1.2.2');
    expect(shown).toMatch(new RegExp(`URI:http://localhost:0/crl/${issuer}\\.crl`));
    expect(shown).toContain('OCSP - URI:http://localhost:0/ocsp');
    expect(shown).toContain(`CA Issuers - URI:http://localhost:0/ca/${issuer}.crt`);
    expect(shown).toMatch(/Subject: C ?= ?GB, .*O ?= ?University of Example/);
  });

  it('refuses EV without an EV anchor, then issues EV with the EV policy and jurisdiction once vetted', async () => {
    const ev = csr(key(work, 'ec:P-256', 'ev'), { cn: 'ev.example.ac.uk', sans: ['ev.example.ac.uk'] });
    const before = await state();
    const refused = await request({ csr: ev, certificateType: 'ev-ssl' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'EV_ANCHOR_MISSING' } });
    expect(await state()).toEqual(before);

    const anchor = { jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC000123' };
    const vetted = await api().post(`/api/v1/organisations/${orgId}/validation/ev`, anchor);
    expect(vetted.status).toBe(201);
    const issued = await request({ csr: ev, certificateType: 'ev-ssl' });
    expect(issued.status).toBe(201);
    expect(verifyTls(issued.body.certificatePem, issued.body.chainPem)).toMatchObject({ ok: true });
    const shown = text(issued.body.certificatePem);
    expect(shown).toContain('Policy: 2.23.140.1.1');
    expect(shown).toMatch(/jurisdictionC(ountryName)? ?= ?GB/);
    expect(shown).toMatch(/serialNumber ?= ?RC000123/);
  });

  it('refuses names that do not fit the certificate type, with a code saying which, storing and counting nothing', async () => {
    const before = await state();
    const k = key(work, 'ec:P-256', 'mismatch');
    const cases = [
      [{ cn: 'a.example.ac.uk', sans: ['a.example.ac.uk', 'b.example.ac.uk'] }, 'ov-ssl', 'CERTIFICATE_TYPE_SINGLE_NAME'],
      [{ sans: ['*.example.ac.uk'] }, 'ov-ssl', 'CERTIFICATE_TYPE_WILDCARD_NOT_ALLOWED'],
      [{ sans: ['www.example.ac.uk'] }, 'ov-wildcard', 'CERTIFICATE_TYPE_NEEDS_WILDCARD'],
      [{ sans: ['www.example.ac.uk'] }, 'ov-multi-domain', 'CERTIFICATE_TYPE_NEEDS_SEVERAL_NAMES'],
      [{ sans: ['www.example.ac.uk'] }, 'smime-mailbox', 'CERTIFICATE_TYPE_NOT_FOR_SERVERS'],
    ] as const;
    for (const [names, certificateType, code] of cases) {
      const reply = await request({ csr: csr(k, names), certificateType });
      expect(reply).toMatchObject({ status: 422, contentType: expect.stringContaining('problem+json'), body: { code } });
    }
    expect(await state()).toEqual(before);
  });

  it('a request repeated with its request id gets the first certificate, counted once; another key with that id is refused', async () => {
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    const actor = { adminId: 'acme-account:resume-test', email: 'acme@example.ac.uk', grants: [{ role: 'RAO' as const, organisationId: orgId }] };
    const names = ['resume.example.ac.uk'];
    const once = { actor, organisationId: orgId, certificateType: 'ov-ssl' as const, requestId: 'acme-order:resume-1' };
    const before = await state();
    const pem = csr(key(work, 'ec:P-256', 'resume'), { cn: names[0], sans: names });
    const first = await sendRequest(bus, Issuance.RequestCertificate, { ...once, csr: pem });
    const again = await sendRequest(bus, Issuance.RequestCertificate, { ...once, csr: pem });
    expect(again).toMatchObject({ id: first.id, serialNumber: first.serialNumber });
    const after = await eventually(async () => {
      const now = await state();
      return now.total > before.total && now.tally > before.tally ? now : undefined;
    });
    expect(after).toEqual({ total: before.total + 1, tally: before.tally + 1 });
    const otherKey = csr(key(work, 'ec:P-256', 'resume-other'), { cn: names[0], sans: names });
    await expect(sendRequest(bus, Issuance.RequestCertificate, { ...once, csr: otherKey })).rejects.toMatchObject({ code: 'REQUEST_ID_REUSED' });
    expect(await state()).toEqual({ total: before.total + 1, tally: before.tally + 1 });
  });

  it('refuses every CSR of the bad corpus with a 4xx problem and changes nothing', async () => {
    const before = await state();
    const good = csr(key(work, 'rsa:2048', 'corpus-good'), { cn: 'www.example.ac.uk', sans: ['www.example.ac.uk'] });
    const der = Buffer.from(good.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    der[der.length - 1] ^= 1;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const ec = key(work, 'ec:P-256', 'corpus-names');
    const corpus: Record<string, string> = {
      truncated: good.slice(0, good.length / 2),
      'wrong signature': tampered,
      'RSA 1024': csr(key(work, 'rsa:1024', 'weak'), { cn: 'www.example.ac.uk' }),
      'exponent 3': csr(key(work, 'rsa:2048:e3', 'e3'), { cn: 'www.example.ac.uk' }),
      'P-521': csr(key(work, 'ec:P-521', 'p521'), { cn: 'www.example.ac.uk' }),
      'name with a space': csr(ec, { cn: 'bad name.example.ac.uk' }),
      underscore: csr(ec, { sans: ['bad_name.example.ac.uk'] }),
      '*.*.x': csr(ec, { sans: ['*.*.example.ac.uk'] }),
      '101 names': csr(ec, { sans: Array.from({ length: 101 }, (_, i) => `h${i}.example.ac.uk`) }),
      'CN not in SANs': csr(ec, { cn: 'other.example.ac.uk', sans: ['www.example.ac.uk'] }),
      'non-ASCII, not punycode': csr(ec, { cn: 'bücher.example.ac.uk' }),
      'internal name': csr(ec, { sans: ['intranet.local'] }),
    };
    for (const [what, pem] of Object.entries(corpus)) {
      const reply = await request({ csr: pem });
      expect({ what, status: reply.status, type: reply.contentType }).toEqual({ what, status: 400, type: expect.stringContaining('problem+json') });
      expect(reply.body.code).toMatch(/^CSR_/);
    }
    expect(await state()).toEqual(before);
  });

  it('revokes for keyCompromise: the CRL, openssl verify -crl_check and openssl ocsp -url all say so; the key is blocked', async () => {
    const k = key(work, 'ec:P-256', 'compromised');
    const victim = await request({ csr: csr(k, { sans: ['victim.example.ac.uk'] }) });
    const bystander = await request({ csr: csr(key(work, 'ec:P-256', 'bystander'), { sans: ['ok.example.ac.uk'] }) });
    expect([victim.status, bystander.status]).toEqual([201, 201]);
    const crlBefore = await fetchCrl(platform.url!, 'tls-ecdsa');

    const revoked = await api().post(`/api/v1/certificates/${victim.body.id}/revoke`, { reason: 'keyCompromise' });
    expect(revoked).toMatchObject({ status: 201, body: { status: 'revoked', revocationReason: 'keyCompromise' } });

    // The CRL at the URL in the certificate's CRL distribution point, regenerated within seconds.
    const crlDer = await fetchCrlListing(platform.url!, victim.body.serialNumber);
    const f = files(work, {
      'crl.der': crlDer,
      'root.pem': rootPem,
      'chain.pem': victim.body.chainPem,
      'issuing.pem': firstPem(victim.body.chainPem),
      'victim.pem': victim.body.certificatePem,
      'bystander.pem': bystander.body.certificatePem,
    });
    const crlText = run(['crl', '-inform', 'DER', '-in', f['crl.der'], '-CAfile', f['chain.pem'], '-noout', '-text']);
    expect(crlText.out).toMatch(/verify OK/);
    expect(crlText.out).toMatch(/Key Compromise/);
    expect(crlNumber(crlDer)).toBeGreaterThan(crlNumber(crlBefore));
    files(work, { 'crl.pem': run(['crl', '-inform', 'DER', '-in', f['crl.der']]).out });
    const crlCheck = (cert: string) =>
      run(['verify', '-crl_check', '-CAfile', f['root.pem'], '-untrusted', f['chain.pem'], '-CRLfile', join(work, 'crl.pem'), f[cert]]);
    expect(crlCheck('victim.pem').out).toMatch(/certificate revoked/);
    expect(crlCheck('bystander.pem')).toMatchObject({ ok: true });

    // OCSP over HTTP POST, the way openssl asks: revoked with time and reason; good; nonce checked.
    const ocsp = async (cert: string) =>
      (await runAsync(['ocsp', '-issuer', f['issuing.pem'], '-cert', f[cert], '-url', `${platform.url}/ocsp`, '-CAfile', f['root.pem'], '-verify_other', f['chain.pem']])).out;
    const answer = await ocsp('victim.pem');
    expect(answer).toMatch(/Response verify OK/);
    expect(answer).toMatch(/victim\.pem: revoked/);
    expect(answer).toMatch(/Reason: keyCompromise/);
    expect(await ocsp('bystander.pem')).toMatch(/bystander\.pem: good/);
    // And over GET (RFC 6960 A.1), with the request base64 in the path.
    run(['ocsp', '-issuer', f['issuing.pem'], '-cert', f['bystander.pem'], '-reqout', join(work, 'req.der')]);
    const get = await fetch(`${platform.url}/ocsp/${encodeURIComponent(readFileSync(join(work, 'req.der')).toString('base64'))}`);
    expect(get.headers.get('content-type')).toBe('application/ocsp-response');
    files(work, { 'resp.der': Buffer.from(await get.arrayBuffer()) });
    expect(run(['ocsp', '-respin', join(work, 'resp.der'), '-CAfile', f['root.pem'], '-verify_other', f['chain.pem'], '-resp_text']).out).toMatch(/Cert Status: good/);

    // The compromised key can never be certified again, whatever the names.
    const again = await request({ csr: csr(k, { sans: ['fresh.example.ac.uk'] }) });
    expect(again).toMatchObject({ status: 422, body: { code: 'CSR_KEY_COMPROMISED' } });
  });

  it('lets only the operator use privilegeWithdrawn, and serves the CA certificates named in AIA', async () => {
    const issued = await request({ csr: csr(key(work, 'rsa:2048', 'withdrawn'), { sans: ['w.example.ac.uk'] }) });
    const revoked = await api().post(`/api/v1/certificates/${issued.body.id}/revoke`, { reason: 'privilegeWithdrawn' });
    expect(revoked).toMatchObject({ status: 201, body: { revocationReason: 'privilegeWithdrawn' } });
    const ca = await fetch(`${platform.url}/ca/tls-rsa.crt`);
    expect(ca.headers.get('content-type')).toBe('application/pkix-cert');
    const caText = run(['x509', '-inform', 'DER', '-noout', '-subject'], Buffer.from(await ca.arrayBuffer())).out;
    expect(caText).toMatch(/Issuing CA/);
    expect((await client(platform.url!).get('/crl/nope.crl')).status).toBe(404);
  });

  it('downloads the certificate as PEM, chain, full chain, DER and PKCS#7, in scope only', async () => {
    const issued = await request({ csr: csr(key(work, 'ec:P-256', 'download'), { sans: ['dl.example.ac.uk'] }) });
    const url = (format: string) => `${platform.url}/api/v1/certificates/${issued.body.id}/download?format=${format}`;
    const get = (format: string, auth = true) => fetch(url(format), { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    expect(await (await get('pem')).text()).toBe(issued.body.certificatePem);
    expect(await (await get('chain')).text()).toBe(issued.body.chainPem);
    expect(await (await get('fullchain')).text()).toBe(issued.body.certificatePem + issued.body.chainPem);
    const der = await get('der');
    expect(der.headers.get('content-disposition')).toBe('attachment; filename="dl.example.ac.uk.cer"');
    expect(run(['x509', '-inform', 'DER', '-noout', '-serial'], Buffer.from(await der.arrayBuffer())).out.toLowerCase()).toContain(issued.body.serialNumber);
    const p7 = run(['pkcs7', '-inform', 'DER', '-print_certs', '-noout'], Buffer.from(await (await get('pkcs7')).arrayBuffer()));
    expect(p7.out.match(/subject=/g)).toHaveLength(3);
    expect((await get('pem', false)).status).toBe(401);
    expect((await get('zip')).status).toBe(400);
    const elsewhere = await fetch(`${platform.url}/api/v1/certificates/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/download`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(elsewhere.status).toBe(404);
  });

  it('serves the CRL with ETag, Last-Modified and Cache-Control up to nextUpdate, and 304 to a copy still current', async () => {
    const url = `${platform.url}/crl/tls-rsa.crl`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(clock.now().getTime());
    // nextUpdate is a week away: the cap (an hour) applies.
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600');
    const der = Buffer.from(await first.arrayBuffer());
    const again = await fetch(url);
    expect(again.headers.get('etag')).toBe(etag);
    expect(Buffer.from(await again.arrayBuffer()).equals(der)).toBe(true);
    const byEtag = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(byEtag.status).toBe(304);
    expect((await byEtag.arrayBuffer()).byteLength).toBe(0);
    expect((await fetch(url, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
    // The copy answered ahead of Nest's pipeline does not let unknown parameters through.
    const withQuery = await fetch(`${url}?nocache=1`);
    expect(withQuery.status).toBe(400);
    expect(await withQuery.json()).toMatchObject({ code: 'UNKNOWN_PARAMETER' });
    expect((await fetch(url, { method: 'HEAD' })).headers.get('etag')).toBe(etag);
    // Six and a half days on, daily CRLs have taken over: the old copy is no longer current.
    clock.advance(6.5 * DAY);
    const later = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(later.status).toBe(200);
    expect(later.headers.get('etag')).not.toBe(etag);
    expect(crlNumber(Buffer.from(await later.arrayBuffer()))).toBeGreaterThan(crlNumber(der));
  });

  it('publishes a new CRL at least daily, decided from the stored CRL and the injected clock', async () => {
    const first = crlNumber(await fetchCrl(platform.url!, 'smime'));
    expect(crlNumber(await fetchCrl(platform.url!, 'smime'))).toBe(first);
    clock.advance(DAY + 1000);
    expect(crlNumber(await fetchCrl(platform.url!, 'smime'))).toBe(first + 1);
  });
});

async function fetchCrl(url: string, issuer: string): Promise<Buffer> {
  const reply = await fetch(`${url}/crl/${issuer}.crl`);
  expect(reply.headers.get('content-type')).toBe('application/pkix-crl');
  return Buffer.from(await reply.arrayBuffer());
}

/** Polls the CRL until it lists `serial`: regenerated by a subscriber, so within moments, not at once. */
async function fetchCrlListing(url: string, serial: string): Promise<Buffer> {
  const until = Date.now() + 10_000;
  for (;;) {
    const der = await fetchCrl(url, 'tls-ecdsa');
    if (run(['crl', '-inform', 'DER', '-noout', '-text'], der).out.toLowerCase().includes(serial)) return der;
    if (Date.now() > until) throw new Error('the CRL never listed the revoked certificate');
    await new Promise((r) => setTimeout(r, 100));
  }
}
