import { randomUUID } from 'node:crypto';
import { ADMIN_ACCESS_CACHE_MS } from '@platform/gateway';
import { TestDnsServer } from '@platform/testing';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { client, eventually, signIn } from './http-client';
import { addSignedInAdmin } from './scope.fixtures';

/**
 * The identity scenario's core with each service its own process over NATS and PostgreSQL: the
 * invitation goes identity → JetStream → notifications, the DRAO signs in, sees its department only,
 * and its token stops working once suspended (the gateway asks identity over NATS).
 */
describe('identity and scope, distributed (a process per service, NATS, PostgreSQL)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const tag = randomUUID().slice(0, 6);
  let platform: DistributedPlatform;
  let dns: TestDnsServer;
  const api = (token?: string) => client(platform.url, token);

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password, DNS_RESOLVER: dns.address });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  it('an RAO invites a DRAO through the API; the DRAO signs in and sees its department only; a suspension ends its token', async () => {
    const mrao = await signIn(platform.url, operator.email, operator.password);
    const orgA = (await api(mrao).post('/api/v1/organisations', { name: `A ${tag}`, member: true })).body.id;
    const orgB = (await api(mrao).post('/api/v1/organisations', { name: `B ${tag}`, member: true })).body.id;
    const rao = await addSignedInAdmin(platform.url, mrao, mrao, `rao-${tag}@a.example`, [{ role: 'RAO', organisationId: orgA }]);
    const physics = (await api(rao.token).post(`/api/v1/organisations/${orgA}/departments`, { name: 'Physics' })).body.id;
    await api(rao.token).post(`/api/v1/organisations/${orgA}/departments`, { name: 'Chemistry' });
    const drao = await addSignedInAdmin(platform.url, mrao, rao.token, `drao-${tag}@a.example`, [
      { role: 'DRAO', organisationId: orgA, departmentId: physics, privileges: ['request-ssl'] },
    ]);

    expect((await api(drao.token).get('/api/v1/auth/me')).body.grants).toEqual([
      { role: 'DRAO', organisationId: orgA, departmentId: physics, privileges: ['request-ssl'] },
    ]);
    expect((await api(drao.token).get(`/api/v1/organisations/${orgA}/departments`)).body.map((d: { name: string }) => d.name)).toEqual(['Physics']);
    expect((await api(drao.token).get('/api/v1/admins')).body.map((a: { email: string }) => a.email)).toEqual([`drao-${tag}@a.example`]);
    expect((await api(drao.token).get(`/api/v1/organisations/${orgB}`)).status).toBe(404);
    // Its own organisation's subscription needs view-reports, which this DRAO lacks: told so (issue 12), not "no subscription".
    const subscription = await api(drao.token).get(`/api/v1/organisations/${orgA}/subscription`);
    expect([subscription.status, subscription.body.code, subscription.body.privilege]).toEqual([403, 'PRIVILEGE_MISSING', 'view-reports']);
    expect((await api(drao.token).get('/api/v1/certificates')).body).toMatchObject({ items: [], total: 0 });

    expect((await api(rao.token).post(`/api/v1/admins/${drao.adminId}/suspend`, {})).status).toBe(200);
    await new Promise((r) => setTimeout(r, ADMIN_ACCESS_CACHE_MS + 500));
    expect(await api(drao.token).get('/api/v1/auth/me')).toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
  }, 60_000);
});
