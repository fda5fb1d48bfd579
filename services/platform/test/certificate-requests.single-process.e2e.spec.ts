import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Issuance } from '@platform/contracts';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { organisationWithSubscription } from './billing.fixtures';
import { certificateRequestsScenario } from './certificate-requests.scenario';
import { client } from './http-client';
import { makeCsr } from './openssl';

/** Issue 12's certificate request lifecycle with every service in this process. */
describe('certificate requests: approval, lifecycle and listing (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-requests-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform({
      DNS_RESOLVER: dns.address,
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'error',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
    });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  certificateRequestsScenario(() => ({ url: platform.url!, operator }));

  it('OpenAPI documents the 202, the request routes and their parameters, and who may change the policy', async () => {
    const doc = (await client(platform.url!).get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/certificates'].post.responses)).toEqual(expect.arrayContaining(['201', '202']));
    expect(doc.paths['/api/v1/certificates'].post.responses['202'].headers).toHaveProperty('Location');
    expect(doc.paths['/api/v1/certificate-requests'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'requestedBy', 'departmentId', 'name', 'nameMatch', 'requestedFrom', 'requestedTo', 'page', 'pageSize']),
    );
    expect(doc.paths['/api/v1/certificate-requests/{requestId}'].get).toBeDefined();
    expect(doc.paths['/api/v1/certificate-requests/{requestId}/approve'].post.description).toContain('approve-ssl');
    expect(doc.paths['/api/v1/certificate-requests/{requestId}/decline'].post.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    for (const path of ['/api/v1/organisations/{organisationId}/request-policy', '/api/v1/organisations/{organisationId}/departments/{departmentId}/request-policy'])
      expect(doc.paths[path].put.description).toContain("Who may change it: the operator (MRAO) and the organisation's RAOs");
    expect(doc.paths['/api/v1/organisations/{organisationId}/departments/{departmentId}/request-policy'].delete).toBeDefined();
  });

  it('ACME requests are never held, even a department account\'s (which a manual request of a DRAO would be)', async () => {
    const org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    const rao = client(platform.url!, org.raos[0].token);
    const departmentId = (await rao.post(`/api/v1/organisations/${org.orgId}/departments`, { name: 'ACME department' })).body.id as string;
    expect((await rao.post(`/api/v1/organisations/${org.orgId}/domains/example.ac.uk/delegations`, { departmentIds: [departmentId] })).status).toBe(201);
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    // As the acme service asks for a department binding: its account acts as a DRAO of the department.
    const actor = { adminId: 'acme-account:never-held', email: '', grants: [{ role: 'DRAO' as const, organisationId: org.orgId, departmentId, privileges: ['request-ssl' as const] }] };
    const ask = (name: string, method: 'acme' | 'manual') =>
      sendRequest(bus, Issuance.RequestCertificateV2, { actor, organisationId: org.orgId, csr: makeCsr({ names: [name], key: 'p256' }), requestId: `order-${name}`, method });
    expect(await ask('acme-manual.example.ac.uk', 'manual')).toMatchObject({ outcome: 'held', request: { status: 'requested', awaitingApproval: true, departmentId } });
    expect(await ask('acme-acme.example.ac.uk', 'acme')).toMatchObject({ outcome: 'issued', certificate: { status: 'issued', departmentId } });
    // Contract v1 cannot carry a held request: it says so.
    const v1 = sendRequest(bus, Issuance.RequestCertificate, { actor, organisationId: org.orgId, csr: makeCsr({ names: ['acme-v1.example.ac.uk'], key: 'p256' }) });
    await expect(v1).rejects.toMatchObject({ code: 'REQUEST_AWAITING_APPROVAL' });
    const listed = await client(platform.url!, org.raos[0].token).get('/api/v1/certificate-requests?name=acme-acme.example.ac.uk&nameMatch=exact');
    expect(listed.body.items).toEqual([expect.objectContaining({ method: 'acme', status: 'issued', requestedBy: 'acme-account:never-held' })]);
  });
});
