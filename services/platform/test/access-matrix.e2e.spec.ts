import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { ROLES, type Role, type Route, expectation, misfit, routeTable } from './access-matrix';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';
import { type ScopeWorld, buildScopeWorld } from './scope.fixtures';

/**
 * Issue 4's authorization matrix: every route the gateway serves (read from Express at runtime),
 * run as anonymous, MRAO, RAO of A (own) and of B (other), DRAO of A1 (own) and of A2 (other
 * department), against organisation A / department A1's resources. Each answer must fit the route's
 * `@Access` rule; a route without a rule fails. Bodies are valid so that a refusal is the scope's,
 * not input validation's (a missing body shows up as a 400 where 404 was due, and fails).
 */
describe('authorization matrix (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-matrix-'));
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let w: ScopeWorld;
  let routes: Route[];
  let webhookId: string;
  let deliveryId: string;

  beforeAll(async () => {
    // An empty zone on loopback: CAA finds no records (issuance allowed); DCV checks fail at once.
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'error',
        PORTAL_ADMIN_EMAIL: operator.email,
        PORTAL_ADMIN_PASSWORD: operator.password,
        DNS_RESOLVER: dns.address,
      },
      { clock },
    );
    w = await buildScopeWorld(platform.url!, operator);
    routes = routeTable(platform.app);
    // A webhook of A with one delivery (of a certificate issued after it), for the webhook routes.
    const rao = client(platform.url!, w.tokens.raoA);
    webhookId = (await rao.post(`/api/v1/organisations/${w.orgA}/webhooks`, { url: 'https://hooks.example.invalid/matrix', eventTypes: ['certificate.issued'] })).body.id;
    await rao.post('/api/v1/certificates', { organisationId: w.orgA, csr: makeCsr({ names: [`hook.${w.domainA1}`], key: 'p256' }) });
    deliveryId = await eventually(async () => (await rao.get(`/api/v1/organisations/${w.orgA}/webhooks/${webhookId}/deliveries`)).body.items?.[0]?.id);
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A route listed here needs `@Access(...)` (services/gateway/src/auth/access.decorator.ts) on its handler.
  it('every route the gateway serves declares an access rule', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('every route answers every role within its rule', async () => {
    const token: Record<Role, string | undefined> = {
      anonymous: undefined,
      mrao: w.tokens.mrao,
      raoOwn: w.tokens.raoA,
      raoOther: w.tokens.raoB,
      draoOwn: w.tokens.draoA1,
      draoOther: w.tokens.draoA2,
    };
    // Each role that may act on admins gets its own target, so that one role's suspension or deletion
    // does not change what the next one sees. Refused roles aim at the DRAO of A1's target.
    const victims: Partial<Record<Role, string>> = {};
    for (const role of ['mrao', 'raoOwn', 'draoOwn'] as const) {
      const reply = await client(platform.url!, w.tokens.raoA).post('/api/v1/admins', {
        email: `victim-${role}@a.example`,
        name: `victim ${role}`,
        grants: [{ role: 'DRAO', organisationId: w.orgA, departmentId: w.a1, privileges: ['request-ssl'] }],
      });
      victims[role] = reply.body.adminId;
    }
    // A binding of department A1, for the routes that name one (disabling it twice answers the same).
    const acmeBinding = await client(platform.url!, w.tokens.raoA).post('/api/v1/acme/bindings', { organisationId: w.orgA, departmentId: w.a1, label: 'matrix' });
    let n = 0;
    const unique = () => `m${++n}`;
    const csr = makeCsr({ names: [`m.${w.domainA1}`], key: 'p256' });
    const param = (name: string, role: Role, route: Route): string => {
      const values: Record<string, string | undefined> = {
        organisationId: w.orgA,
        certificateId: w.certA1,
        // A certificate's id is its request's: an issued request (approve and decline answer 409 in scope).
        requestId: w.certA1,
        departmentId: w.a1,
        adminId: victims[role] ?? victims.draoOwn,
        domain: w.domainA1,
        renewalLink: `${w.orgA}.not-a-real-link-signature`,
        file: route.path.startsWith('/crl') ? 'tls-rsa.crl' : 'tls-rsa.crt',
        path: 'MAA=',
        keyId: acmeBinding.body.keyId,
        webhookId,
        deliveryId,
      };
      if (values[name] === undefined) throw new Error(`no fixture for :${name} in ${route.method} ${route.path}`);
      return values[name]!;
    };
    const grantA1 = { role: 'DRAO', organisationId: w.orgA, departmentId: w.a1, privileges: ['request-ssl'] };
    const bodies: Record<string, () => unknown> = {
      'POST /api/v1/admins': () => ({ email: `${unique()}@a.example`, name: 'matrix', grants: [grantA1] }),
      'PUT /api/v1/admins/:adminId/grants': () => ({ grants: [grantA1] }),
      'POST /api/v1/auth/sign-in': () => ({ email: 'nobody@a.example', password: 'wrong password' }),
      'POST /api/v1/auth/refresh': () => ({ refreshToken: 'a.b.c' }),
      'POST /api/v1/auth/sign-out': () => ({ refreshToken: 'a.b.c' }),
      'POST /api/v1/auth/api-token': () => ({ credential: 'a.b' }),
      'POST /api/v1/auth/accept-invitation': () => ({ token: 'x', password: 'a long enough password' }),
      'POST /api/v1/auth/password': () => ({ currentPassword: 'not the password', newPassword: 'a long enough password' }),
      'POST /api/v1/organisations': () => ({ name: `Org ${unique()}`, member: false }),
      'PATCH /api/v1/organisations/:organisationId': () => ({ member: true }),
      'POST /api/v1/organisations/:organisationId/admins': () => ({ email: `${unique()}@a.example`, name: 'matrix', role: 'RAO' }),
      'POST /api/v1/organisations/:organisationId/departments': () => ({ name: `Dept ${unique()}` }),
      'POST /api/v1/organisations/:organisationId/subscription': () => ({ usageClass: 'A' }),
      'POST /api/v1/organisations/:organisationId/subscription/upgrade': () => ({ usageClass: 'B' }),
      'POST /api/v1/organisations/:organisationId/subscription/renewal': () => ({ poNumber: 'PO-1' }),
      'POST /api/v1/organisations/:organisationId/subscription/purchase-order': () => ({ poNumber: 'PO-1' }),
      'POST /api/v1/renewals/:renewalLink': () => ({ poNumber: 'PO-1' }),
      'POST /api/v1/certificates': () => ({ organisationId: w.orgA, departmentId: w.a1, csr }),
      'POST /api/v1/certificates/:certificateId/revoke': () => ({ reason: 'superseded' }),
      'POST /api/v1/organisations/:organisationId/validation/details': () => ({ legalName: 'University A', locality: 'A', country: 'GB', registrationNumber: 'RC1' }),
      'POST /api/v1/organisations/:organisationId/validation/review': () => ({ decision: 'approve' }),
      'POST /api/v1/organisations/:organisationId/validation/ev-details': () => ({ jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC1' }),
      'POST /api/v1/organisations/:organisationId/validation/ev': () => ({ jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC1' }),
      'POST /api/v1/organisations/:organisationId/domains': () => ({ domain: `${unique()}.univ-a.ac.uk` }),
      'POST /api/v1/organisations/:organisationId/domains/:domain/check': () => ({ method: 'dns-txt' }),
      'POST /api/v1/organisations/:organisationId/domains/:domain/email': () => ({ mailbox: 'hostmaster' }),
      'POST /api/v1/organisations/:organisationId/domains/:domain/delegations': () => ({ departmentIds: [w.a1] }),
      'POST /api/v1/domain-validations/email/confirm': () => ({ token: 'x' }),
      'POST /api/v1/acme/bindings': () => ({ organisationId: w.orgA, departmentId: w.a1, label: 'matrix' }),
      'POST /api/v1/organisations/:organisationId/webhooks': () => ({ url: 'https://hooks.example.invalid/matrix', eventTypes: ['certificate.revoked'] }),
      'POST /api/v1/certificate-requests/:requestId/decline': () => ({ reason: 'matrix' }),
      // The settings the world has already: allowed cells change nothing.
      'PUT /api/v1/organisations/:organisationId/request-policy': () => ({ raoRequestsNeedApproval: false, draoRequestsNeedApproval: false, autoApprove: false }),
      'PUT /api/v1/organisations/:organisationId/departments/:departmentId/request-policy': () => ({
        raoRequestsNeedApproval: false,
        draoRequestsNeedApproval: false,
        autoApprove: false,
      }),
    };
    const queries: Record<string, string> = {
      'GET /api/v1/organisations/:organisationId/subscription/as-of': '?at=2026-11-26T10:00:00Z',
      'GET /api/v1/acme/bindings': `?organisationId=${w.orgA}`,
    };

    // What changes state irreversibly goes last, so that earlier routes still find their targets.
    const last = (r: Route) => (r.method === 'DELETE' || r.path.endsWith('/revoke') ? 1 : 0);
    const ordered = [...routes].sort((a, b) => last(a) - last(b));
    const failures: string[] = [];
    let cells = 0;
    // Allowed cells that still answered 4xx (a business rule, e.g. already revoked): listed for the record.
    const allowedButRefused: string[] = [];
    for (const route of ordered.filter((r) => r.rule)) {
      const key = `${route.method} ${route.path}`;
      // The auth routes share per-client rate-limit buckets (every role calls from 127.0.0.1): a fresh
      // window for each, so that the answer is the rule's and not a 429. Ten minutes in all, inside
      // the access tokens' lifetime.
      if (route.path.startsWith('/api/v1/auth/')) clock.advance(61_000);
      for (const role of ROLES) {
        const path = route.path.replace(/[:*](\w+)/g, (_, name: string) => encodeURIComponent(param(name, role, route))) + (queries[key] ?? '');
        const body = bodies[key]?.() ?? (['POST', 'PUT'].includes(route.method) ? {} : undefined);
        const reply = await client(platform.url!, token[role]).raw(route.method, path, body);
        cells++;
        if (reply.status >= 400 && expectation(route.rule!, role) === 'allowed') allowedButRefused.push(`${key} as ${role}: ${reply.status} ${reply.body?.code ?? ''}`);
        const why = misfit(expectation(route.rule!, role), reply);
        if (why) failures.push(`${key} as ${role} (${route.rule!.kind}${route.rule!.drao ? `/drao:${route.rule!.drao}` : ''}): ${why}`);
      }
    }
    process.stdout.write(`authorization matrix: ${ordered.filter((r) => r.rule).length} endpoints × ${ROLES.length} roles = ${cells} cells, ${failures.length} outside their rule; ${allowedButRefused.length} allowed cells refused by a business rule:\n  ${allowedButRefused.join('\n  ')}\n`);
    expect(failures).toEqual([]);
  });
});
