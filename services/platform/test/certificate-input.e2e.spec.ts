import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_STORE } from '@platform/identity';
import type { EventStore } from '@platform/event-store';
import { MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { organisationWithSubscription } from './billing.fixtures';
import { client, signIn } from './http-client';
import { makeCsr } from './openssl';

/**
 * Issue 18 (8), through the REST API of the single process: input that can never go into a
 * certificate subject (too long, control / bidi / zero-width characters) is refused where it is
 * given, naming the field, and stores nothing; ids are one canonical form on every route.
 */
describe('certificate subject input and ids (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-subject-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let mrao: string;
  const api = (token?: string) => client(platform.url!, token);
  const identityHead = () => platform.app.get<EventStore>(IDENTITY_STORE).headPosition();

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password });
    mrao = await signIn(platform.url!, operator.email, operator.password);
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an organisation name of 65 characters, or with U+202E / U+200B / a control character, is refused at creation, naming the field; nothing is stored', async () => {
    const before = await identityHead();
    const cases: [string, object][] = [
      ['x'.repeat(65), { path: 'name', message: expect.stringContaining('at most 64') }],
      ['x'.repeat(200), { path: 'name', message: expect.stringContaining('at most 64') }],
      ['Bank \u202Elc', { path: 'name', code: 'CERTIFICATE_TEXT_INVALID', message: expect.stringContaining('U+202E') }],
      ['Ba\u200Bnk', { path: 'name', code: 'CERTIFICATE_TEXT_INVALID', message: expect.stringContaining('U+200B') }],
      ['Bank\u0085', { path: 'name', code: 'CERTIFICATE_TEXT_INVALID', message: expect.stringContaining('U+0085') }],
    ];
    for (const [name, error] of cases) {
      const refused = await api(mrao).post('/api/v1/organisations', { name, member: true });
      expect(refused).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json'), body: { code: 'VALIDATION_FAILED', errors: [error] } });
    }
    // Identity refuses it too when asked on the bus directly (past the gateway).
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    const actor = { adminId: 'operator', email: operator.email, grants: [{ role: 'MRAO' }] };
    await expect(bus.request('identity.cmd.create-organisation.v1', { actor, name: 'x'.repeat(65), member: true })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(await identityHead()).toBe(before);
  });

  it('a 64-character organisation name is the certificate\'s organizationName; a certificate request issues', async () => {
    const name = `University ${'of Example '.repeat(6)}`.slice(0, 64);
    const org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', name });
    const csr = makeCsr({ commonName: 'www.example.ac.uk', names: ['www.example.ac.uk'], key: 'p256' });
    const issued = await api(org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr });
    expect(issued).toMatchObject({ status: 201, body: { status: 'issued' } });
    expect(new X509Certificate(issued.body.certificatePem).subject).toContain(`O=${name}`);
  });

  it('OV and EV details keep to the subject rules libs/pki signs with, naming the field; nothing is stored', async () => {
    const orgId = (await api(mrao).post('/api/v1/organisations', { name: 'Details University', member: true })).body.id;
    const details = { legalName: 'Details University', locality: 'York', country: 'GB', registrationNumber: 'RC1' };
    const path = `/api/v1/organisations/${orgId}/validation/details`;
    for (const [change, field, code] of [
      [{ legalName: 'x'.repeat(65) }, 'legalName', undefined],
      [{ legalName: 'Details \u202EUniversity' }, 'legalName', 'CERTIFICATE_TEXT_INVALID'],
      [{ locality: 'x'.repeat(129) }, 'locality', undefined],
      [{ locality: 'Yo\u200Brk' }, 'locality', 'CERTIFICATE_TEXT_INVALID'],
      [{ state: '' }, 'state', undefined],
      [{ state: 'x'.repeat(129) }, 'state', undefined],
      [{ state: 'North\u2066 Yorkshire' }, 'state', 'CERTIFICATE_TEXT_INVALID'],
      [{ country: 'GBR' }, 'country', undefined],
      [{ street: '1 High St\u009B' }, 'street', 'CERTIFICATE_TEXT_INVALID'],
    ] as const) {
      const refused = await api(mrao).post(path, { ...details, ...change });
      expect([field, refused.status, refused.body.code, refused.body.errors?.[0]?.path, refused.body.errors?.[0]?.code]).toEqual([field, 400, 'VALIDATION_FAILED', field, code]);
    }
    const evPath = `/api/v1/organisations/${orgId}/validation/ev`;
    const ev = { jurisdictionCountry: 'GB', businessCategory: 'Private Organization', registrationNumber: 'RC1' };
    for (const [change, field] of [
      [{ registrationNumber: 'RC_1' }, 'registrationNumber'],
      [{ registrationNumber: 'R'.repeat(65) }, 'registrationNumber'],
      [{ jurisdictionLocality: 'Yo\u200Brk' }, 'jurisdictionLocality'],
      [{ jurisdictionState: 'x'.repeat(129) }, 'jurisdictionState'],
    ] as const) {
      const refused = await api(mrao).post(evPath, { ...ev, ...change });
      expect([field, refused.status, refused.body.errors?.[0]?.path]).toEqual([field, 400, field]);
    }
    expect((await api(mrao).get(`/api/v1/organisations/${orgId}/validation`)).body).toMatchObject({ status: 'not-submitted' });
    expect((await api(mrao).get(`/api/v1/organisations/${orgId}/validation`)).body.ev).toBeUndefined();

    // The upper bounds themselves are fine.
    const longest = { legalName: 'x'.repeat(64), locality: 'l'.repeat(128), state: 's'.repeat(128), country: 'gb', registrationNumber: 'RC1' };
    expect((await api(mrao).post(path, longest)).body).toMatchObject({ status: 'submitted', pending: { ...longest, country: 'GB' } });
  });

  it('ids: every id the platform issues is accepted on every route (a v8 certificate id too); an id in upper case is refused, never a second resource', async () => {
    const org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    const rao = api(org.raos[0].token);
    const csr = makeCsr({ commonName: 'idem.example.ac.uk', names: ['idem.example.ac.uk'], key: 'p256' });
    // With an idempotency key, the certificate id is a UUID v8 derived from the key: it must be readable.
    const issued = await rao.post('/api/v1/certificates', { organisationId: org.orgId, csr }, { 'idempotency-key': 'subject-input-1' });
    expect(issued.status).toBe(201);
    const certificateId: string = issued.body.id;
    expect(certificateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8/);
    expect(await rao.get(`/api/v1/certificates/${certificateId}`)).toMatchObject({ status: 200, body: { id: certificateId } });
    expect((await rao.get(`/api/v1/certificates/${certificateId}/download?format=pem`)).status).toBe(200);

    const shouting = [
      `/api/v1/certificates/${certificateId.toUpperCase()}`,
      `/api/v1/organisations/${org.orgId.toUpperCase()}`,
      `/api/v1/organisations/${org.orgId.toUpperCase()}/subscription`,
      `/api/v1/organisations/${org.orgId.toUpperCase()}/validation`,
    ];
    for (const path of shouting) {
      const refused = await api(org.mrao).get(path);
      expect([path, refused.status, refused.body.code, refused.body.errors?.[0]?.code, refused.body.detail]).toEqual([
        path, 400, 'VALIDATION_FAILED', 'ID_INVALID', expect.stringContaining('lower case'),
      ]);
    }
    const before = await identityHead();
    const department = await api(org.mrao).post(`/api/v1/organisations/${org.orgId.toUpperCase()}/departments`, { name: 'Physics' });
    expect(department).toMatchObject({ status: 400, body: { errors: [{ path: 'organisationId', code: 'ID_INVALID' }] } });
    const binding = await rao.post('/api/v1/acme/bindings', { organisationId: org.orgId.toUpperCase() });
    expect(binding).toMatchObject({ status: 400, body: { errors: [{ path: 'organisationId', code: 'ID_INVALID' }] } });
    const grant = await api(org.mrao).post('/api/v1/admins', { email: 'x@example.ac.uk', name: 'X', grants: [{ role: 'RAO', organisationId: org.orgId.toUpperCase() }] });
    expect(grant).toMatchObject({ status: 400, body: { errors: [{ path: 'grants.0.organisationId', code: 'ID_INVALID' }] } });
    expect(await identityHead()).toBe(before);
  });
  it('OpenAPI describes every id path parameter with the one id schema', async () => {
    const doc = (await api().get('/api/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: object }[] }>> };
    const idParameters = Object.values(doc.paths)
      .flatMap((path) => Object.values(path))
      .flatMap((operation) => operation.parameters ?? [])
      .filter((p) => p.in === 'path' && p.name.endsWith('Id'));
    expect(idParameters.length).toBeGreaterThan(20);
    for (const parameter of idParameters) expect(parameter.schema).toMatchObject({ type: 'string', format: 'uuid', pattern: expect.stringContaining('[0-9a-f]') });
  });
});
