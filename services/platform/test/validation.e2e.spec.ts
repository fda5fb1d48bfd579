import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validation } from '@platform/contracts';
import { ManualClock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { TestDnsServer, type TestSmtpServer, startSmtpServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client, eventually, signIn } from './http-client';
import { makeCsr } from './openssl';

const DAY = 86_400_000;

/**
 * Validation through the REST API, in one process, against a real DNS server, a real HTTP server
 * and a real SMTP server on loopback, with a clock the test moves: vetting, every DCV method,
 * reuse periods, CAA at issuance, delegation.
 */
describe('validation (single process, real DNS, HTTP and SMTP on loopback)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-validation-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const admin = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let smtp: TestSmtpServer;
  const files = new Map<string, string>();
  const web: Server = createServer((req, res) => {
    const body = files.get(`${req.headers.host?.split(':')[0]}${req.url}`);
    res.writeHead(body === undefined ? 404 : 200).end(body ?? 'not found');
  });
  let dns: TestDnsServer;
  let platform: PlatformHandle;
  let mrao: string;
  let orgId: string;
  let bus: MessageBus;
  let otherOrg: string;
  const api = (token = mrao) => client(platform.url!, token);
  const org = (path: string) => `/api/v1/organisations/${orgId}${path}`;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    smtp = await startSmtpServer();
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
    platform = await startPlatform(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'error',
        PORTAL_ADMIN_EMAIL: admin.email,
        PORTAL_ADMIN_PASSWORD: admin.password,
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://certs.example.net',
        DNS_RESOLVER: dns.address,
        DNS_TIMEOUT_MS: '300',
        DCV_HTTP_PORT: String((web.address() as AddressInfo).port),
        DCV_HTTP_ALLOW_PRIVATE: 'true',
        DCV_CNAME_TARGET: 'dcv.certs.example.net',
        CAA_IDENTITIES: 'certs.example.net',
      },
      { clock },
    );
    bus = platform.app.get(MESSAGE_BUS);
    mrao = await signIn(platform.url!, admin.email, admin.password);
    orgId = (await api().post('/api/v1/organisations', { name: 'Validation University', member: true })).body.id;
    for (const name of ['example.ac.uk', 'www.example.ac.uk', 'cname.ac.uk', 'web.ac.uk', 'mail.ac.uk'])
      dns.add({ name, type: 'A', data: '127.0.0.1' });
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    await smtp?.stop();
    await new Promise((resolve) => web.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const checkNames = (names: string[], extra: Partial<Validation.CheckNamesRequest> = {}) =>
    sendRequest(bus, Validation.CheckNames, { organisationId: orgId, names, ...extra });

  it('vetting: submitted details are rejected with a reason, submitted again and approved; the subject follows', async () => {
    const details = { legalName: 'Validation University', street: '1 Road', locality: 'Leeds', state: 'West Yorkshire', country: 'gb', registrationNumber: 'RC42' };
    expect((await api().post(org('/validation/details'), { ...details, country: 'Britain' })).body.code).toBe('VALIDATION_FAILED');
    expect((await api().post(org('/validation/review'), { decision: 'approve' })).body.code).toBe('NO_DETAILS_TO_REVIEW');
    await api().post(org('/validation/details'), details);
    const rejected = await api().post(org('/validation/review'), { decision: 'reject', reason: 'The registration number is unknown.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'The registration number is unknown.' } });
    expect((await api().post(org('/validation/review'), { decision: 'reject' })).body.code).toBe('VALIDATION_FAILED');
    await api().post(org('/validation/details'), { ...details, registrationNumber: 'RC43' });
    const approved = await api().post(org('/validation/review'), { decision: 'approve' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'validated', validUntil: '2027-12-29T09:00:00.000Z', details: { country: 'GB' } } });
    expect((await checkNames(['nothing.test'])).subject).toEqual({
      organisation: 'Validation University',
      street: '1 Road',
      locality: 'Leeds',
      state: 'West Yorkshire',
      country: 'GB',
    });
  });

  it('scope: an RAO of another organisation sees nothing here (404); in its own, it may not vet (403)', async () => {
    otherOrg = (await api().post('/api/v1/organisations', { name: 'Other College', member: false })).body.id;
    const email = 'rao@other.ac.uk';
    await api().post(`/api/v1/organisations/${otherOrg}/admins`, { email, name: 'Other Rao', role: 'RAO' });
    const invitation = await eventually(async () => (await api().get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`)).body[0]);
    const token = decodeURIComponent(/token=(\S+)/.exec(invitation.text)![1]);
    await client(platform.url!).post('/api/v1/auth/accept-invitation', { token, password: 'another long password' });
    const rao = await signIn(platform.url!, email, 'another long password');
    for (const [path, body] of [
      ['/validation', undefined],
      ['/validation/details', { legalName: 'X', locality: 'Y', country: 'GB', registrationNumber: 'Z' }],
      ['/domains', { domain: 'example.ac.uk' }],
      ['/domains/example.ac.uk/check', { method: 'dns-txt' }],
      ['/domains/example.ac.uk/delegations', { departmentIds: ['0b9d7a8e-6f6c-4a51-9b9e-3c1f7e0d2a41'] }],
    ] as const) {
      const reply = body ? await api(rao).post(org(path), body) : await api(rao).get(org(path));
      expect([path, reply.status, reply.body.code]).toEqual([path, 404, 'ORGANISATION_NOT_FOUND']);
    }
    await api(rao).post(`/api/v1/organisations/${otherOrg}/validation/details`, { legalName: 'Other College', locality: 'York', country: 'GB', registrationNumber: 'RC9' });
    for (const path of ['/validation/review', '/validation/ev', '/validation/operator-assertion'])
      expect((await api(rao).post(`/api/v1/organisations/${otherOrg}${path}`, path.endsWith('review') ? { decision: 'approve' } : path.endsWith('ev') ? { jurisdictionCountry: 'GB', businessCategory: 'Private Organization', registrationNumber: 'RC9' } : {})).body.code).toBe('FORBIDDEN');
  });

  it('DNS CNAME: _<token>.<domain> pointing at the configured target validates the domain', async () => {
    const { challenge } = (await api().post(org('/domains'), { domain: 'cname.ac.uk' })).body;
    expect(challenge.dnsCname).toEqual({ name: `_${challenge.token}.cname.ac.uk`, target: 'dcv.certs.example.net' });
    dns.add({ name: challenge.dnsCname.name, type: 'CNAME', data: 'dcv.elsewhere.test' });
    expect((await api().post(org('/domains/cname.ac.uk/check'), { method: 'dns-cname' })).body).toMatchObject({
      code: 'DCV_CHECK_FAILED',
      detail: expect.stringContaining('it points to dcv.elsewhere.test'),
    });
    dns.remove(challenge.dnsCname.name);
    dns.add({ name: challenge.dnsCname.name, type: 'CNAME', data: 'dcv.certs.example.net' });
    expect((await api().post(org('/domains/cname.ac.uk/check'), { method: 'dns-cname' })).body).toMatchObject({ status: 'validated', method: 'dns-cname' });
  });

  it('HTTP file: the token at /.well-known/pki-validation/<token>.txt on the configured port', async () => {
    const { challenge } = (await api().post(org('/domains'), { domain: 'web.ac.uk' })).body;
    expect((await api().post(org('/domains/web.ac.uk/check'), { method: 'http-file' })).body.detail).toContain('answered HTTP 404');
    files.set(`web.ac.uk/.well-known/pki-validation/${challenge.token}.txt`, challenge.httpFile.content);
    expect((await api().post(org('/domains/web.ac.uk/check'), { method: 'http-file' })).body).toMatchObject({
      status: 'validated',
      method: 'http-file',
      coversSubdomains: false,
    });
    // BR 3.2.2.4.18: the file proves control of web.ac.uk itself, not of names below it nor of a wildcard.
    const problem = (await checkNames(['web.ac.uk', 'www.web.ac.uk', '*.web.ac.uk'])).problems.find((p) => p.code === 'DOMAIN_NOT_VALIDATED');
    expect(problem?.names).toEqual(['www.web.ac.uk', '*.web.ac.uk']);
  });

  it('ACME challenges through validation: http-01 validates that exact name, dns-01 the name, its subdomains and wildcards', async () => {
    const challenge = (name: string, type: 'http-01' | 'dns-01', token: string) =>
      sendRequest(bus, Validation.CheckAcmeChallenge, { organisationId: orgId, requestedBy: 'acme-account:a1', name, type, token, keyAuthorization: `${token}.thumb` });
    dns.add({ name: 'acme.web.ac.uk', type: 'A', data: '127.0.0.1' });
    files.set('acme.web.ac.uk/.well-known/acme-challenge/t-http', 't-http.thumb');
    expect(await challenge('acme.web.ac.uk', 'http-01', 't-http')).toEqual({ valid: true, detail: 'acme.web.ac.uk validated by http-01' });
    const digest = createHash('sha256').update('t-dns.thumb').digest('base64url');
    dns.add({ name: '_acme-challenge.zone.web.ac.uk', type: 'TXT', data: digest });
    expect(await challenge('zone.web.ac.uk', 'dns-01', 't-dns')).toMatchObject({ valid: true });

    const names = ['acme.web.ac.uk', 'www.acme.web.ac.uk', '*.acme.web.ac.uk', 'zone.web.ac.uk', 'www.zone.web.ac.uk', '*.zone.web.ac.uk'];
    const problem = (await checkNames(names)).problems.find((p) => p.code === 'DOMAIN_NOT_VALIDATED');
    expect(problem?.names).toEqual(['www.acme.web.ac.uk', '*.acme.web.ac.uk']);
    const { domains } = (await api().get(org('/validation'))).body;
    expect(domains.filter((d: { domain: string }) => d.domain.endsWith('.web.ac.uk'))).toEqual([
      expect.objectContaining({ domain: 'acme.web.ac.uk', method: 'acme-http-01', coversSubdomains: false }),
      expect.objectContaining({ domain: 'zone.web.ac.uk', method: 'acme-dns-01', coversSubdomains: true }),
    ]);
  });

  it('e-mail: a one-time link to hostmaster@ through the outbox and SMTP; it works once', async () => {
    await api().post(org('/domains'), { domain: 'mail.ac.uk' });
    expect((await api().post(org('/domains/mail.ac.uk/email'), { mailbox: 'root' })).status).toBe(400);
    const sent = await api().post(org('/domains/mail.ac.uk/email'), { mailbox: 'hostmaster' });
    expect(sent).toMatchObject({ status: 202, body: { to: 'hostmaster@mail.ac.uk', expiresAt: '2026-11-29T09:00:00.000Z' } });
    const smtpMail = await eventually(async () => smtp.received.find((m) => m.to.includes('hostmaster@mail.ac.uk')));
    expect(smtpMail.raw).toContain('Subject: Confirm control of mail.ac.uk');
    const outbox = await eventually(async () => (await api().get('/api/v1/notifications/outbox?to=hostmaster@mail.ac.uk')).body[0]);
    const token = decodeURIComponent(/confirm\?token=(\S+)/.exec(outbox.text)![1]);
    expect(smtpMail.raw.replace(/=\r?\n/g, '')).toContain('https://certs.example.net/domain-validations/confirm?token=');
    expect((await client(platform.url!).post('/api/v1/domain-validations/email/confirm', { token: `${token}x` })).body.code).toBe('DCV_LINK_INVALID');
    const confirmed = await client(platform.url!).post('/api/v1/domain-validations/email/confirm', { token });
    expect(confirmed).toMatchObject({ status: 200, body: { domain: 'mail.ac.uk', validatedAt: '2026-11-26T09:00:00.000Z' } });
    expect((await client(platform.url!).post('/api/v1/domain-validations/email/confirm', { token })).body.code).toBe('DCV_LINK_USED');
  });

  it('e-mail limits: a sixth DCV e-mail for a domain within the hour is refused (429, Retry-After) and sends nothing; an hour later it goes', async () => {
    // mail.ac.uk had one e-mail in the test before, at this instant.
    for (let i = 0; i < 4; i++) expect((await api().post(org('/domains/mail.ac.uk/email'), { mailbox: 'admin' })).status).toBe(202);
    const outbox = async () => (await api().get('/api/v1/notifications/outbox?to=admin@mail.ac.uk')).body.length;
    await eventually(async () => ((await outbox()) === 4 ? true : undefined));
    const refused = await fetch(`${platform.url}${org('/domains/mail.ac.uk/email')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mrao}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mailbox: 'admin' }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(await refused.json()).toMatchObject({ code: 'DCV_EMAIL_RATE_LIMITED', retryAt: '2026-11-26T10:00:00.000Z', retryAfterSeconds: 3600 });
    const { domains } = (await api().get(org('/validation'))).body;
    expect(domains.find((d: { domain: string }) => d.domain === 'mail.ac.uk')).toMatchObject({ status: 'validated' });
    clock.advance(3_600_000);
    try {
      // Access tokens follow the clock too: sign in again at the new time.
      const later = await signIn(platform.url!, admin.email, admin.password);
      expect((await api(later).post(org('/domains/mail.ac.uk/email'), { mailbox: 'admin' })).status).toBe(202);
      await eventually(async () => ((await api(later).get('/api/v1/notifications/outbox?to=admin@mail.ac.uk')).body.length === 5 ? true : undefined));
    } finally {
      clock.set(new Date('2026-11-26T09:00:00Z'));
    }
  });

  it('DNS TXT, then CAA on every name at issuance: a CAA set naming another CA refuses, with every name listed', async () => {
    const { challenge } = (await api().post(org('/domains'), { domain: 'example.ac.uk' })).body;
    dns.add({ name: '_pki-validation.example.ac.uk', type: 'TXT', data: challenge.token });
    expect((await api().post(org('/domains/example.ac.uk/check'), { method: 'dns-txt' })).body.status).toBe('validated');
    expect((await api().post(org('/subscription'), { usageClass: 'A' })).status).toBe(201);

    dns.add({ name: 'www.example.ac.uk', type: 'CAA', data: { tag: 'issue', value: 'other-ca.test' } });
    dns.add({ name: 'example.ac.uk', type: 'CAA', data: { tag: 'issue', value: 'certs.example.net' } });
    dns.fail('broken.example.ac.uk', 'SERVFAIL');
    // Every name is checked and every failing one listed (asked as issuance asks).
    expect((await checkNames(['www.example.ac.uk', 'api.example.ac.uk', 'broken.example.ac.uk'])).problems.map((p) => [p.code, p.names])).toEqual([
      ['CAA_FORBIDS_ISSUANCE', ['www.example.ac.uk']],
      ['CAA_LOOKUP_FAILED', ['broken.example.ac.uk']],
    ]);
    // Through the REST API, one name per certificate (ov-ssl).
    const request = (name: string) =>
      api().post('/api/v1/certificates', { organisationId: orgId, csr: makeCsr({ commonName: name, names: [name], key: 'p256' }) });
    const forbidden = await request('www.example.ac.uk');
    expect(forbidden).toMatchObject({ status: 422, body: { code: 'CAA_FORBIDS_ISSUANCE', detail: expect.stringContaining('other-ca.test') } });
    expect(await request('broken.example.ac.uk')).toMatchObject({ status: 422, body: { code: 'CAA_LOOKUP_FAILED', detail: expect.stringContaining('ESERVFAIL') } });
    expect((await request('api.example.ac.uk')).status).toBe(201);
    dns.remove('www.example.ac.uk', 'CAA');
    expect((await request('www.example.ac.uk')).status).toBe(201);
  });

  it('delegation: a department may request only under domains delegated to it; a department id that does not exist is refused, nothing stored', async () => {
    const physics = (await api().post(org('/departments'), { name: 'Physics' })).body.id as string;
    expect((await api().post(org('/domains/none.ac.uk/delegations'), { departmentIds: [physics] })).body.code).toBe('DOMAIN_NOT_ADDED');
    const missing = '0b9d7a8e-6f6c-4a51-9b9e-3c1f7e0d2a41';
    for (const departmentIds of [[missing], [physics, missing]]) {
      const refused = await api().post(org('/domains/example.ac.uk/delegations'), { departmentIds });
      expect([departmentIds, refused.status, refused.body.code]).toEqual([departmentIds, 404, 'DEPARTMENT_NOT_FOUND']);
    }
    // Past the gateway (which refuses ids that are not lower case), validation still finds no such department.
    const operator = { adminId: 'operator', email: admin.email, grants: [{ role: 'MRAO' as const }] };
    await expect(
      sendRequest(bus, Validation.DelegateDomain, { actor: operator, organisationId: orgId, domain: 'example.ac.uk', departmentIds: [physics.toUpperCase()] }),
    ).rejects.toMatchObject({ code: 'DEPARTMENT_NOT_FOUND', details: { departmentIds: [physics.toUpperCase()] } });
    expect((await api().get(org('/validation'))).body.domains.find((d: { domain: string }) => d.domain === 'example.ac.uk').departmentIds).toEqual([]);
    const delegated = await api().post(org('/domains/example.ac.uk/delegations'), { departmentIds: [physics] });
    expect(delegated).toMatchObject({ status: 201, body: { departmentIds: [physics] } });
    expect((await checkNames(['lab.example.ac.uk'], { departmentId: physics })).allowed).toBe(true);
    expect((await checkNames(['lab.example.ac.uk', 'web.ac.uk'], { departmentId: physics })).problems).toEqual([
      expect.objectContaining({ code: 'DOMAIN_NOT_DELEGATED', names: ['web.ac.uk'] }),
    ]);
    expect((await checkNames(['lab.example.ac.uk'], { departmentId: 'chemistry' })).problems[0].code).toBe('DOMAIN_NOT_DELEGATED');
  });

  it('references: no validation record for an organisation that does not exist, nor under an upper-cased id of one that does', async () => {
    const operator = { adminId: 'operator', email: admin.email, grants: [{ role: 'MRAO' as const }] };
    const view = (organisationId: string) => sendRequest(bus, Validation.GetValidation, { actor: operator, organisationId });
    const ghost = '5d1e0c36-2b7a-4f0e-8a55-0f4b8d2c9e17';
    // Through REST, as the operator (who may act on any organisation): every write that would start a stream.
    const ghostOrg = (path: string) => `/api/v1/organisations/${ghost}${path}`;
    for (const [path, body] of [
      ['/domains', { domain: 'ghost.ac.uk' }],
      ['/validation/details', { legalName: 'Ghost', locality: 'Nowhere', country: 'GB', registrationNumber: 'RC0' }],
      ['/validation/operator-assertion', {}],
      ['/domains/ghost.ac.uk/operator-assertion', {}],
    ] as const) {
      const reply = await api().post(ghostOrg(path), body);
      expect([path, reply.status, reply.body.code]).toEqual([path, 404, 'ORGANISATION_NOT_FOUND']);
    }
    // Nothing was recorded, and a read says so rather than showing an empty record.
    await expect(view(ghost)).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
    expect((await api().get(ghostOrg('/validation'))).status).toBe(404);
    // Past the gateway, straight on the bus: an upper-cased real id never becomes a second stream.
    const shouting = orgId.toUpperCase();
    await expect(sendRequest(bus, Validation.AddDomain, { actor: operator, organisationId: shouting, domain: 'shout.ac.uk' })).rejects.toMatchObject({
      code: 'ORGANISATION_NOT_FOUND',
    });
    await expect(sendRequest(bus, Validation.RecordOrganisationValidation, { actor: operator, organisationId: shouting })).rejects.toMatchObject({
      code: 'ORGANISATION_NOT_FOUND',
    });
    await expect(view(shouting)).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
    expect((await view(orgId)).domains.map((d) => d.domain)).not.toContain('shout.ac.uk');
  });

  it('EV: types without a vetted anchor are refused with EV_ANCHOR_MISSING; once vetted, the EV subject is given', async () => {
    expect((await checkNames(['www.example.ac.uk'], { certificateType: 'ev-ssl' })).problems.map((p) => p.code)).toEqual(['EV_ANCHOR_MISSING']);
    const ev = { jurisdictionCountry: 'GB', businessCategory: 'Private Organization', registrationNumber: 'RC43' };
    expect((await api().post(org('/validation/ev'), { ...ev, businessCategory: 'Pirates' })).status).toBe(400);
    expect((await api().post(org('/validation/ev'), ev)).body.ev).toMatchObject({ status: 'validated', validUntil: '2027-12-29T09:00:00.000Z' });
    expect((await checkNames(['www.example.ac.uk'], { certificateType: 'ev-ssl' })).subject.ev).toEqual(ev);
  });

  it('RAOs are told 30 days before a validation expires, once, from state and the clock', async () => {
    await api().post(`/api/v1/organisations/${otherOrg}/validation/review`, { decision: 'approve' });
    await api().post(`/api/v1/organisations/${otherOrg}/domains/other.ac.uk/operator-assertion`, {});
    const sweep = () => sendRequest(bus, Validation.SweepExpiryNotices, {});
    expect(await sweep()).toMatchObject({ notices: 0 });
    clock.set(new Date('2027-05-15T08:59:59Z'));
    expect(await sweep()).toMatchObject({ notices: 0 });
    clock.set(new Date('2027-05-15T09:00:00Z'));
    // Domains validated 2026-11-26 09:00 expire after 200 days: cname, web, acme.web, zone.web, mail and example.ac.uk here, other.ac.uk there.
    expect(await sweep()).toEqual({ organisations: 2, notices: 7 });
    expect(await sweep()).toMatchObject({ notices: 0 });
    // Access tokens follow the clock too: sign in again at the new date.
    const operator = await signIn(platform.url!, admin.email, admin.password);
    const mail = await eventually(async () =>
      (await api(operator).get('/api/v1/notifications/outbox?to=rao@other.ac.uk')).body.find((m: { subject: string }) => m.subject.includes('other.ac.uk')),
    );
    expect(mail.subject).toBe('The validation of the domain other.ac.uk expires on 2027-06-14');
    expect(mail.text).toContain('Add the domain again');
    clock.set(new Date('2026-11-26T09:00:00Z'));
  });

  it('reuse periods by the injected clock: 200 days for domains validated now, then 398 days for OV and EV', async () => {
    clock.advance(199 * DAY);
    expect((await checkNames(['www.example.ac.uk'])).allowed).toBe(true);
    clock.advance(1 * DAY);
    expect((await checkNames(['www.example.ac.uk', 'web.ac.uk'])).problems).toEqual([
      expect.objectContaining({ code: 'DOMAIN_NOT_VALIDATED', names: ['www.example.ac.uk', 'web.ac.uk'] }),
    ]);
    clock.set(new Date('2027-12-29T09:00:00Z'));
    expect((await checkNames(['www.example.ac.uk'], { certificateType: 'ev-ssl' })).problems.map((p) => p.code)).toEqual([
      'ORG_VALIDATION_EXPIRED',
      'EV_ANCHOR_EXPIRED',
      'DOMAIN_NOT_VALIDATED',
    ]);
  });
});
