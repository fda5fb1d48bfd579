import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type TestSmtpServer, startSmtpServer } from '@platform/testing';
import { client, eventually, signIn } from './http-client';

/** The gateway's own surface (health, OpenAPI, problems) and mail through a real SMTP server. */
describe('gateway and notifications (single process, real SMTP server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-mail-'));
  let smtp: TestSmtpServer;
  let platform: PlatformHandle;
  const admin = { email: 'operator@example.ac.uk', password: 'operator password for tests' };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    platform = await startPlatform({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'error',
      PORTAL_ADMIN_EMAIL: admin.email,
      PORTAL_ADMIN_PASSWORD: admin.password,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://certs.example.net',
    });
  });

  afterAll(async () => {
    await platform?.close();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health with the readiness of what it depends on', async () => {
    const health = await client(platform.url!).get('/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', checks: { bus: true, issuance: true } } });
  });

  it('serves OpenAPI at /api/openapi.json and Swagger UI at /api/docs', async () => {
    const spec = await client(platform.url!).get('/api/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/certificates', '/api/v1/auth/sign-in', '/health']));
    expect(spec.body.paths['/api/v1/auth/sign-in'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const docs = await client(platform.url!).get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown routes and bad ids with problem+json', async () => {
    const token = await signIn(platform.url!, admin.email, admin.password);
    const missing = await client(platform.url!, token).get('/api/v1/nothing-here');
    expect(missing).toMatchObject({ status: 404, contentType: expect.stringContaining('application/problem+json'), body: { code: 'NOT_FOUND' } });
    const badId = await client(platform.url!, token).get('/api/v1/certificates/not-a-uuid');
    expect(badId).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', status: 400, errors: [{ path: 'certificateId', code: 'ID_INVALID' }] } });
    const wrongPassword = await client(platform.url!).post('/api/v1/auth/sign-in', { email: admin.email, password: 'wrong' });
    const unknownUser = await client(platform.url!).post('/api/v1/auth/sign-in', { email: 'nobody@example.ac.uk', password: 'wrong' });
    // The same answer either way: no user enumeration.
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknownUser.body.detail).toBe(wrongPassword.body.detail);
  });

  it('sends the invitation through SMTP and records it as sent in the outbox', async () => {
    const token = await signIn(platform.url!, admin.email, admin.password);
    const api = client(platform.url!, token);
    const org = await api.post('/api/v1/organisations', { name: 'Mail University', member: false });
    await api.post(`/api/v1/organisations/${org.body.id}/admins`, { email: 'new.rao@mail.ac.uk', name: 'New Rao', role: 'RAO' });
    const mail = await eventually(async () => smtp.received.find((m) => m.to.includes('new.rao@mail.ac.uk')));
    expect(mail.raw).toContain('Subject: Your administrator account for the certificate service');
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain('https://certs.example.net/invitations/accept?token=');
    const outbox = await eventually(async () => {
      const rows = (await api.get('/api/v1/notifications/outbox?to=new.rao@mail.ac.uk')).body;
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(outbox).toHaveLength(1);
  });
});
