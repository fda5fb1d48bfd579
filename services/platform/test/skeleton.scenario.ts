import { randomUUID } from 'node:crypto';
import type { TestDnsServer } from '@platform/testing';
import { client, eventually, signIn } from './http-client';
import { makeCsr, opensslVerify } from './openssl';

export interface PlatformUnderTest {
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** the DNS server on loopback that the platform's validation service asks (DNS_RESOLVER) */
  dns: TestDnsServer;
}

/**
 * The walking skeleton (issue: foundation), through the gateway's REST API only. Declared as
 * ordered jest tests sharing state; run once per runtime mode.
 */
export function skeletonScenario(platform: () => PlatformUnderTest): void {
  const raoEmail = `rao-${randomUUID().slice(0, 8)}@example.ac.uk`;
  const raoPassword = 'correct horse battery staple';
  const s: { mrao?: string; rao?: string; orgId?: string; rsaCertId?: string; ecCertId?: string; rootPem?: string } = {};
  const api = (token?: string) => client(platform().url, token);

  it('1. the bootstrap MRAO creates an organisation and its first RAO, who sets a password and signs in', async () => {
    s.mrao = await signIn(platform().url, platform().adminEmail, platform().adminPassword);
    const org = await api(s.mrao).post('/api/v1/organisations', { name: 'University of Example', member: true });
    expect(org.status).toBe(201);
    s.orgId = org.body.id;

    const invited = await api(s.mrao).post(`/api/v1/organisations/${s.orgId}/admins`, { email: raoEmail, name: 'Rao Admin', role: 'RAO' });
    expect(invited.status).toBe(201);

    // The invitation e-mail is in the outbox; its link carries the one-time token.
    const mail = await eventually(async () => {
      const outbox = await api(s.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(raoEmail)}`);
      return outbox.body.length > 0 ? outbox.body[0] : undefined;
    });
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
    const accepted = await api().post('/api/v1/auth/accept-invitation', { token, password: raoPassword });
    expect(accepted.status).toBe(200);
    const again = await api().post('/api/v1/auth/accept-invitation', { token, password: raoPassword });
    expect(again).toMatchObject({ status: 422, body: { code: 'INVITATION_INVALID' } });

    s.rao = await signIn(platform().url, raoEmail, raoPassword);
    const me = await api(s.rao).get('/api/v1/auth/me');
    expect(me.body.grants).toEqual([{ role: 'RAO', organisationId: s.orgId }]);
  });

  it('2. the RAO has the organisation vetted and proves control of example.ac.uk by DNS TXT; a subscription is started', async () => {
    const details = { legalName: 'University of Example', locality: 'Exampleton', country: 'GB', registrationNumber: 'RC000001' };
    const submitted = await api(s.rao).post(`/api/v1/organisations/${s.orgId}/validation/details`, details);
    expect(submitted).toMatchObject({ status: 201, body: { status: 'submitted', pending: details } });
    // The RAO may not vet its own organisation.
    expect(await api(s.rao).post(`/api/v1/organisations/${s.orgId}/validation/review`, { decision: 'approve' })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const approved = await api(s.mrao).post(`/api/v1/organisations/${s.orgId}/validation/review`, { decision: 'approve' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'validated', details } });

    const added = await api(s.rao).post(`/api/v1/organisations/${s.orgId}/domains`, { domain: 'example.ac.uk' });
    expect(added).toMatchObject({ status: 201, body: { domain: 'example.ac.uk', status: 'pending' } });
    const { dnsTxt } = added.body.challenge;
    expect(dnsTxt).toEqual({ name: '_pki-validation.example.ac.uk', value: expect.stringMatching(/^[0-9a-f]{32,}$/) });
    const early = await api(s.rao).post(`/api/v1/organisations/${s.orgId}/domains/example.ac.uk/check`, { method: 'dns-txt' });
    expect(early).toMatchObject({ status: 422, body: { code: 'DCV_CHECK_FAILED' } });
    platform().dns.add({ name: dnsTxt.name, type: 'TXT', data: dnsTxt.value });
    const checked = await api(s.rao).post(`/api/v1/organisations/${s.orgId}/domains/example.ac.uk/check`, { method: 'dns-txt' });
    expect(checked).toMatchObject({ status: 200, body: { status: 'validated', method: 'dns-txt' } });

    const subscription = await api(s.mrao).post(`/api/v1/organisations/${s.orgId}/subscription`, { usageClass: 'A' });
    expect(subscription.status).toBe(201);
    expect(subscription.body).toMatchObject({ usageClass: 'A', allowance: 50, tally: 0, status: 'active' });
    // Operator assertions stay the operator's.
    expect((await api(s.rao).post(`/api/v1/organisations/${s.orgId}/domains/evil.example/operator-assertion`, {})).status).toBe(403);
  });

  it('3. the RAO gets RSA and ECDSA certificates that openssl verifies against the CA', async () => {
    s.rootPem = (await api().get('/api/v1/ca/root.pem')).body;
    for (const key of ['rsa2048', 'p256'] as const) {
      const csr = makeCsr({ commonName: 'www.example.ac.uk', names: ['www.example.ac.uk'], key });
      const issued = await api(s.rao).post('/api/v1/certificates', { organisationId: s.orgId, csr });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ status: 'issued', names: ['www.example.ac.uk'], organisationId: s.orgId });
      expect(issued.body.keyAlgorithm).toBe(key === 'rsa2048' ? 'RSA 2048' : 'ECDSA P-256');
      const verdict = opensslVerify(issued.body.certificatePem, issued.body.chainPem, s.rootPem!);
      expect(verdict).toEqual({ ok: true, output: expect.stringContaining('OK') });
      if (key === 'rsa2048') s.rsaCertId = issued.body.id;
      else s.ecCertId = issued.body.id;
    }
  });

  it('4. the subscription counts one per certificate; both are in the RAO\'s list', async () => {
    const subscription = await eventually(async () => {
      const reply = await api(s.rao).get(`/api/v1/organisations/${s.orgId}/subscription`);
      return reply.body.tally === 2 ? reply.body : undefined;
    });
    expect(subscription).toMatchObject({ tally: 2, inFlight: 0, remaining: 48 });
    const list = await api(s.rao).get('/api/v1/certificates');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([s.rsaCertId, s.ecCertId].sort());
  });

  it('5. revoked on the day of issue: the unit is given back and the list shows it revoked', async () => {
    const revoked = await api(s.rao).post(`/api/v1/certificates/${s.rsaCertId}/revoke`, { reason: 'superseded' });
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'superseded' });
    const subscription = await eventually(async () => {
      const reply = await api(s.rao).get(`/api/v1/organisations/${s.orgId}/subscription`);
      return reply.body.tally === 1 ? reply.body : undefined;
    });
    expect(subscription).toMatchObject({ tally: 1, refunded: 1 });
    const list = await api(s.rao).get('/api/v1/certificates?status=revoked');
    expect(list.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[s.rsaCertId, 'revoked']]);
    const twice = await api(s.rao).post(`/api/v1/certificates/${s.rsaCertId}/revoke`, { reason: 'superseded' });
    expect(twice).toMatchObject({ status: 409, body: { code: 'CERTIFICATE_ALREADY_REVOKED' } });
  });

  it('6. bad requests are refused with problem+json, and nothing is stored or counted', async () => {
    const before = (await api(s.rao).get('/api/v1/certificates')).body.total;
    const outside = makeCsr({ commonName: 'www.elsewhere.ac.uk', names: ['www.elsewhere.ac.uk'], key: 'p256' });
    const refused = await api(s.rao).post('/api/v1/certificates', { organisationId: s.orgId, csr: outside });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'DOMAIN_NOT_VALIDATED',
      problems: [{ code: 'DOMAIN_NOT_VALIDATED', names: ['www.elsewhere.ac.uk'] }],
    });
    expect(refused.body.detail).toContain('www.elsewhere.ac.uk');

    const garbage = await api(s.rao).post('/api/v1/certificates', { organisationId: s.orgId, csr: 'not a csr' });
    expect(garbage).toMatchObject({ status: 400, body: { code: 'CSR_MALFORMED' } });
    const empty = await api(s.rao).raw('POST', '/api/v1/certificates', '', { 'content-type': 'application/json' });
    expect(empty).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json') });
    const text = await api(s.rao).raw('POST', '/api/v1/certificates', 'hello', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const broken = await api(s.rao).raw('POST', '/api/v1/certificates', '{"csr":', { 'content-type': 'application/json' });
    expect(broken).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    const anonymous = await api().post('/api/v1/certificates', { organisationId: s.orgId, csr: outside });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });

    expect((await api(s.rao).get('/api/v1/certificates')).body.total).toBe(before);
    expect((await api(s.rao).get(`/api/v1/organisations/${s.orgId}/subscription`)).body).toMatchObject({ tally: 1, inFlight: 0 });
  });

  it('7. the histories of the subscription and of the certificate say who did what, in order', async () => {
    const subscription = await api(s.rao).get(`/api/v1/organisations/${s.orgId}/subscription/events`);
    expect(subscription.status).toBe(200);
    const types: string[] = subscription.body.map((e: { type: string }) => e.type);
    // Reservations and confirmations of the two issuances may interleave; the set and the ends may not.
    expect(types[0]).toBe('SubscriptionStarted');
    expect(types.at(-1)).toBe('CertificateRefunded');
    expect([...types].sort()).toEqual([
      'AllowanceReserved',
      'AllowanceReserved',
      'CertificateCounted',
      'CertificateCounted',
      'CertificateRefunded',
      'InvoiceRaised', // the first term's, with the start
      'SubscriptionStarted',
    ]);
    expect(subscription.body[0].actor).toEqual(expect.any(String));
    const revisions = subscription.body.map((e: { revision: number }) => e.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    const certificate = await api(s.rao).get(`/api/v1/certificates/${s.rsaCertId}/events`);
    // The request is recorded before its unit is reserved (so that a crash can be resumed), then the certificate.
    expect(certificate.body.map((e: { type: string; actor: string }) => e.type)).toEqual(['CertificateRequested', 'CertificateIssued', 'CertificateRevoked']);
    expect(certificate.body[0].data).not.toHaveProperty('csr');
    expect(certificate.body[2]).toMatchObject({ data: { reason: 'superseded' }, actor: expect.any(String) });
    expect(certificate.body.every((e: { occurredAt: string }) => !Number.isNaN(Date.parse(e.occurredAt)))).toBe(true);
  });
}
