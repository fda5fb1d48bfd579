import { TestDnsServer } from '@platform/testing';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { client, eventually, signIn } from './http-client';

/**
 * Each service its own process, logging JSON at debug level: every process prints only JSON lines
 * naming its own service, and one HTTP request's correlation id shows up in the gateway, in identity
 * (over a NATS request header) and in notifications (over the JetStream header of the event it caused).
 */
describe('structured logs (distributed)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password 7c3d9e1a' };
  let platform: DistributedPlatform;
  let dns: TestDnsServer;
  let accessToken: string;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      DNS_RESOLVER: dns.address,
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    });
    accessToken = await eventually(() => signIn(platform.url, operator.email, operator.password).catch(() => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  /** The complete JSON lines a service printed so far. */
  const linesOf = (service: string): Record<string, unknown>[] => {
    const text = platform.outputOf(service);
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          throw new Error(`${service} printed a line that is not JSON: ${l}`);
        }
      });
  };

  it('carries one request\'s correlation id through the gateway, identity and the event notifications consumes', async () => {
    const correlationId = 'logs-distributed-1';
    const org = await client(platform.url, accessToken).post('/api/v1/organisations', { name: 'Distributed Logging University', member: true });
    expect(org.status).toBe(201);
    const invited = await client(platform.url, accessToken).post(
      `/api/v1/organisations/${org.body.id}/admins`,
      { email: 'rao@example.ac.uk', name: 'Rao', role: 'RAO' },
      { 'x-correlation-id': correlationId },
    );
    expect(invited.status).toBe(201);
    await eventually(async () =>
      linesOf('notifications').some((l) => l.correlationId === correlationId && /^notifications consumed identity\.evt\./.test(String(l.msg))) || undefined,
    );
    expect(linesOf('gateway').filter((l) => l.correlationId === correlationId).map((l) => l.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^POST \/api\/v1\/organisations\/[\w-]+\/admins 201/)]),
    );
    expect(linesOf('identity').filter((l) => l.correlationId === correlationId).map((l) => l.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^identity\.cmd\.\S+ ok/)]),
    );
  });

  it('prints only JSON lines naming the process\'s service, and neither the password nor the access token', () => {
    for (const service of platform.processes.keys()) {
      const lines = linesOf(service);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), service, msg: expect.any(String) }));
      }
      expect(platform.outputOf(service)).not.toContain(operator.password);
      expect(platform.outputOf(service)).not.toContain(accessToken);
    }
  });
});
