import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client, signIn } from './http-client';
import { makeCsr } from './openssl';
import { ADMIN_PASSWORD, type ScopeWorld, buildScopeWorld } from './scope.fixtures';

/**
 * Issue 12, the certificate listing through the gateway: every filter against certificates issued
 * through the API at known instants, with the exact rows expected; the CSV export equals the JSON
 * rows; unknown parameters and bad values are 400 naming the parameter. (The request method of
 * ACME and enrollment certificates is set by the request pipeline; its filter is covered with
 * seeded events in list-certificates.int.spec.ts, here every certificate is 'manual'.)
 */
describe('certificate listing (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-listing-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const DAY = 86_400_000;
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let w: ScopeWorld;
  /** certificates of organisation A beside w.certA1 (the DRAO's, issued first) */
  const c: Record<'api' | 'mail' | 'wild', string> = { api: '', mail: '', wild: '' };
  let mailRevokedAt: string;
  const api = (token?: string) => client(platform.url!, token);

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address },
      { clock },
    );
    w = await buildScopeWorld(platform.url!, operator);
    // Access tokens live 15 minutes of the platform's clock: signed in again after each step in time.
    const signInAgain = async () => {
      w.tokens.mrao = await signIn(platform.url!, operator.email, operator.password);
      for (const role of ['raoA', 'raoB', 'draoA1', 'draoA2', 'draoB1'] as const) w.tokens[role] = await signIn(platform.url!, w.emails[role], ADMIN_PASSWORD);
    };
    const issue = async (body: Record<string, unknown>, names: string[], key: 'rsa2048' | 'p256') => {
      clock.advance(10 * DAY);
      await signInAgain();
      const reply = await api(w.tokens.raoA).post('/api/v1/certificates', { organisationId: w.orgA, csr: makeCsr({ names, key }), ...body });
      if (reply.status !== 201) throw new Error(`issue ${names}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.id as string;
    };
    c.api = await issue({}, [`api.${w.domainA1}`], 'rsa2048');
    c.mail = await issue({ certificateType: 'ov-multi-domain', departmentId: w.a1 }, [`mail.${w.domainA1}`, `smtp.${w.domainA1}`], 'p256');
    clock.advance(DAY);
    await signInAgain();
    mailRevokedAt = clock.now().toISOString();
    expect((await api(w.tokens.raoA).post(`/api/v1/certificates/${c.mail}/revoke`, { reason: 'superseded' })).status).toBe(201);
    c.wild = await issue({ certificateType: 'ov-wildcard' }, [`*.${w.domainA1}`, w.domainA1], 'rsa2048');
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const list = (query: string, token = w.tokens.raoA) => api(token).get(`/api/v1/certificates?${query}`);
  const ids = async (query: string, token = w.tokens.raoA) => {
    const reply = await list(query, token);
    if (reply.status !== 200) throw new Error(`${query}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.items.map((item: { id: string }) => item.id);
  };

  it('lists newest first by default, oldest first or by expiry on request, and pages without overlap', async () => {
    expect(await ids('')).toEqual([c.wild, c.mail, c.api, w.certA1]);
    expect(await ids('sort=issuedAt')).toEqual([w.certA1, c.api, c.mail, c.wild]);
    expect(await ids('sort=-notAfter')).toEqual([c.wild, c.mail, c.api, w.certA1]);
    expect(await ids('sort=notAfter&pageSize=3')).toEqual([w.certA1, c.api, c.mail]);
    expect(await list('sort=notAfter&pageSize=3&page=2')).toMatchObject({ status: 200, body: { total: 4, page: 2, items: [{ id: c.wild }] } });
  });

  it('filters by status, type, department, requester, method and key type', async () => {
    expect(await ids('status=revoked')).toEqual([c.mail]);
    expect(await ids('status=issued')).toEqual([c.wild, c.api, w.certA1]);
    expect(await ids('certificateType=ov-ssl')).toEqual([c.api, w.certA1]);
    expect(await ids('certificateType=ov-wildcard')).toEqual([c.wild]);
    expect(await ids(`departmentId=${w.a1}`)).toEqual([c.mail, w.certA1]);
    expect(await ids(`requestedBy=${w.adminIds.draoA1}`)).toEqual([w.certA1]);
    expect(await ids('method=manual')).toEqual([c.wild, c.mail, c.api, w.certA1]);
    expect(await ids('method=acme')).toEqual([]);
    expect(await ids('keyType=ecdsa-p256')).toEqual([c.mail, w.certA1]);
    expect(await ids('keyType=rsa-2048')).toEqual([c.wild, c.api]);
    expect(await ids(`status=issued&keyType=rsa-2048&certificateType=ov-ssl`)).toEqual([c.api]);
  });

  it('finds names as substrings or exactly, among SANs, whatever the case', async () => {
    expect(await ids('name=smtp')).toEqual([c.mail]);
    expect(await ids(`name=${encodeURIComponent(`API.${w.domainA1}`.toUpperCase())}`)).toEqual([c.api]);
    expect(await ids(`name=${w.domainA1}`)).toEqual([c.wild, c.mail, c.api, w.certA1]);
    expect(await ids(`name=${w.domainA1}&nameMatch=exact`)).toEqual([c.wild]);
    expect(await ids(`name=smtp.${w.domainA1}&nameMatch=exact`)).toEqual([c.mail]);
    expect(await ids(`name=${encodeURIComponent('*.')}${w.domainA1}`)).toEqual([c.wild]);
    expect(await ids('name=smtp&nameMatch=exact')).toEqual([]);
    // an underscore is a character, not LIKE's one-character wildcard (which would match smtp)
    expect(await ids('name=smt_')).toEqual([]);
  });

  it('filters by issue, expiry and revocation dates, and expiring within N days', async () => {
    const all = (await list('')).body.items as Array<{ id: string; issuedAt: string; notAfter: string }>;
    const at = (id: string) => all.find((x) => x.id === id)!;
    expect(await ids(`issuedFrom=${at(c.api).issuedAt}&issuedTo=${at(c.mail).issuedAt}`)).toEqual([c.mail, c.api]);
    expect(await ids(`issuedTo=${at(w.certA1).issuedAt.slice(0, 10)}`)).toEqual([w.certA1]);
    expect(await ids(`issuedFrom=${at(c.wild).issuedAt.slice(0, 10)}`)).toEqual([c.wild]);
    expect(await ids(`expiresFrom=${at(c.api).notAfter}&expiresTo=${at(c.mail).notAfter}`)).toEqual([c.mail, c.api]);
    expect(await ids(`expiresTo=${at(w.certA1).notAfter.slice(0, 10)}`)).toEqual([w.certA1]);
    expect(await ids(`revokedFrom=${mailRevokedAt.slice(0, 10)}`)).toEqual([c.mail]);
    expect(await ids(`revokedFrom=${mailRevokedAt}&revokedTo=${mailRevokedAt}`)).toEqual([c.mail]);
    expect(await ids(`revokedTo=${at(c.api).issuedAt}`)).toEqual([]);
    // now is 31 days after the first certificate: its expiry is the first, the next 10 days later
    const days = (iso: string) => Math.ceil((Date.parse(iso) - clock.now().getTime()) / DAY);
    expect(await ids(`expiringWithinDays=${days(at(w.certA1).notAfter)}`)).toEqual([w.certA1]);
    expect(await ids(`expiringWithinDays=${days(at(c.api).notAfter)}&sort=notAfter`)).toEqual([w.certA1, c.api]);
    expect(await ids('expiringWithinDays=0')).toEqual([]);
  });

  it('keeps each caller to its scope with every filter', async () => {
    expect(await ids('name=univ', w.tokens.raoB)).toEqual([w.certB1]);
    expect(await ids(`organisationId=${w.orgA}`, w.tokens.raoB)).toEqual([]);
    expect(await ids('', w.tokens.draoA1)).toEqual([c.mail, w.certA1]);
    expect(await ids(`name=${w.domainA1}&nameMatch=exact`, w.tokens.draoA1)).toEqual([]);
    expect(await ids('', w.tokens.draoA2)).toEqual([]);
    expect(await ids(`name=univ&sort=issuedAt`, w.tokens.mrao)).toEqual(expect.arrayContaining([w.certA1, w.certB1, c.api, c.mail, c.wild]));
  });

  it('rows carry type, profile, issuer, key type, names, requester, method and department', async () => {
    const [mail] = (await list(`name=smtp`)).body.items;
    expect(mail).toMatchObject({
      id: c.mail,
      organisationId: w.orgA,
      departmentId: w.a1,
      status: 'revoked',
      certificateType: 'ov-multi-domain',
      profile: 'tls-ov',
      issuerId: expect.any(String),
      keyType: 'ecdsa-p256',
      keyAlgorithm: 'ECDSA P-256',
      names: [`mail.${w.domainA1}`, `smtp.${w.domainA1}`],
      requestedBy: w.adminIds.raoA,
      method: 'manual',
      revokedAt: mailRevokedAt,
      revocationReason: 'superseded',
    });
  });

  it('exports the same rows as CSV, with a header', async () => {
    for (const query of ['', 'status=issued&sort=notAfter', `name=${w.domainA1}&pageSize=2&page=2`]) {
      const json = (await list(query)).body.items as Array<Record<string, unknown>>;
      const csv = await list(`${query}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.contentType).toContain('text/csv');
      const [header, ...lines] = (csv.body as string).split('\r\n');
      expect(lines.pop()).toBe('');
      const columns = header.split(',');
      expect(columns).toEqual(expect.arrayContaining(['id', 'certificateType', 'profile', 'issuerId', 'keyType', 'names', 'requestedBy', 'method', 'departmentId']));
      const asText = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v));
      expect(lines.map((line) => line.split(','))).toEqual(json.map((row) => columns.map((column) => asText(row[column]))));
    }
  });

  it('refuses unknown parameters and bad values with 400 naming the parameter', async () => {
    const refused = async (query: string) => {
      const reply = await list(query);
      return [query, reply.status, reply.contentType.split(';')[0], reply.body.errors?.[0]?.path ?? reply.body.parameter];
    };
    const cases: Array<[string, string]> = [
      ['zz_unknown=1', 'zz_unknown'],
      ['nam=www', 'nam'],
      ['status=expired', 'status'],
      ['certificateType=dv-ssl', 'certificateType'],
      ['name=ab', 'name'],
      ['nameMatch=regex&name=www', 'nameMatch'],
      ['method=fax', 'method'],
      ['keyType=rsa', 'keyType'],
      ['issuedFrom=yesterday', 'issuedFrom'],
      ['issuedTo=2026-13-01', 'issuedTo'],
      ['expiresFrom=2026-12-01T00:00:00', 'expiresFrom'],
      ['expiresTo=1', 'expiresTo'],
      ['expiringWithinDays=-1', 'expiringWithinDays'],
      ['expiringWithinDays=', 'expiringWithinDays'],
      ['expiringWithinDays=3651', 'expiringWithinDays'],
      ['revokedFrom=2026-12-01T00:00:00Z%00', 'revokedFrom'],
      ['revokedTo=now', 'revokedTo'],
      ['sort=name', 'sort'],
      ['page=0', 'page'],
      ['pageSize=501', 'pageSize'],
      ['format=xml', 'format'],
      ['departmentId=not-an-id', 'departmentId'],
      ['requestedBy=', 'requestedBy'],
      ['requestedBy=%ED%A0%80', 'requestedBy'],
      ['name=%ED%A0%80', 'name'],
      ['name=50%25', 'name'],
    ];
    for (const [query, parameter] of cases) expect(await refused(query)).toEqual([query, 400, 'application/problem+json', parameter]);
    const repeated = await list('status=issued&status=revoked');
    expect(repeated).toMatchObject({ status: 400, body: { code: 'REPEATED_PARAMETER', parameter: 'status' } });
  });

  it('describes every query parameter in the OpenAPI document', async () => {
    const document = (await api().get('/api/openapi.json')).body;
    const parameters = document.paths['/api/v1/certificates'].get.parameters as Array<{ name: string; in: string; description?: string; schema?: object }>;
    const names = parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect(names.sort()).toEqual(
      [
        'organisationId', 'departmentId', 'status', 'certificateType', 'name', 'nameMatch', 'requestedBy', 'method', 'keyType', 'issuedFrom', 'issuedTo',
        'expiresFrom', 'expiresTo', 'expiringWithinDays', 'revokedFrom', 'revokedTo', 'sort', 'page', 'pageSize', 'format',
      ].sort(),
    );
    for (const p of parameters.filter((q) => q.in === 'query')) expect([p.name, typeof p.description, typeof p.schema]).toEqual([p.name, 'string', 'object']);
    expect(parameters.find((p) => p.name === 'status')!.schema).toMatchObject({ enum: ['issued', 'revoked'] });
  });
});
