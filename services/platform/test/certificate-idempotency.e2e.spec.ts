/**
 * Issue 18, defect 5: a REST certificate request that timed out may have issued, and a retry issued
 * another. With an Idempotency-Key (or `requestId`), a repeated request gets the first certificate,
 * counted once; a concurrent repeat waits for the first; another key pair is refused; bad keys are 400.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

describe('certificate requests with an idempotency key (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idempotency-e2e-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let org: OrganisationUnderTest;
  const rao = () => client(platform.url!, org.raos[0].token);
  const request = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    rao().post('/api/v1/certificates', { organisationId: org.orgId, ...body }, headers);
  const state = async () => ({
    total: (await rao().get(`/api/v1/certificates?organisationId=${org.orgId}`)).body.total as number,
    tally: (await rao().get(`/api/v1/organisations/${org.orgId}/subscription`)).body.tally as number,
  });
  /** Waits until the listing and the tally show `expected` (they follow the issued event), then checks they stay there. */
  const settlesAt = async (expected: { total: number; tally: number }) => {
    const seen = await eventually(async () => {
      const now = await state();
      return now.total >= expected.total && now.tally >= expected.tally ? now : undefined;
    });
    expect(seen).toEqual(expected);
  };

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
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the same Idempotency-Key twice gives one certificate, counted once', async () => {
    const before = await state();
    const csr = makeCsr({ names: ['idem-1.example.ac.uk'], key: 'p256' });
    const key = { 'Idempotency-Key': 'order 2026/12/07 #1' };
    const first = await request({ csr }, key);
    expect(first.status).toBe(201);
    const again = await request({ csr }, key);
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id, serialNumber: first.body.serialNumber } });
    await settlesAt({ total: before.total + 1, tally: before.tally + 1 });
  });

  it('the key may come as requestId in the body: the header and the field name the same request', async () => {
    const before = await state();
    const csr = makeCsr({ names: ['idem-2.example.ac.uk'], key: 'p256' });
    const first = await request({ csr, requestId: 'b7a1c2d4-key-2' });
    const again = await request({ csr }, { 'Idempotency-Key': 'b7a1c2d4-key-2' });
    const both = await request({ csr, requestId: 'b7a1c2d4-key-2' }, { 'Idempotency-Key': 'b7a1c2d4-key-2' });
    expect([first.status, again.status, both.status]).toEqual([201, 201, 201]);
    expect(new Set([first.body.id, again.body.id, both.body.id]).size).toBe(1);
    await settlesAt({ total: before.total + 1, tally: before.tally + 1 });
  });

  it('concurrent requests with one key: the later ones wait for the first and get its certificate', async () => {
    const before = await state();
    const csr = makeCsr({ names: ['idem-3.example.ac.uk'], key: 'p256' });
    const replies = await Promise.all(Array.from({ length: 5 }, () => request({ csr }, { 'Idempotency-Key': 'burst-3' })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    await settlesAt({ total: before.total + 1, tally: before.tally + 1 });
  });

  it('the same key with another key pair is refused with REQUEST_ID_REUSED and changes nothing', async () => {
    const before = await state();
    const first = await request({ csr: makeCsr({ names: ['idem-4.example.ac.uk'], key: 'p256' }) }, { 'Idempotency-Key': 'key-4' });
    expect(first.status).toBe(201);
    const after = { total: before.total + 1, tally: before.tally + 1 };
    await settlesAt(after);
    const other = await request({ csr: makeCsr({ names: ['idem-4.example.ac.uk'], key: 'p256' }) }, { 'Idempotency-Key': 'key-4' });
    expect(other).toMatchObject({ status: 409, contentType: expect.stringContaining('problem+json'), body: { code: 'REQUEST_ID_REUSED' } });
    expect(await state()).toEqual(after);
  });

  it.each([
    ['an empty key', { 'Idempotency-Key': '' }, {}, 'IDEMPOTENCY_KEY_INVALID'],
    ['a key of 256 characters', { 'Idempotency-Key': 'k'.repeat(256) }, {}, 'IDEMPOTENCY_KEY_INVALID'],
    ['a requestId of 256 characters', {}, { requestId: 'k'.repeat(256) }, 'VALIDATION_FAILED'],
    ['a requestId with a control character', {}, { requestId: 'a\u0001b' }, 'VALIDATION_FAILED'],
    ['a requestId that is not ASCII', {}, { requestId: 'clé' }, 'VALIDATION_FAILED'],
    ['a header and a requestId that differ', { 'Idempotency-Key': 'one' }, { requestId: 'two' }, 'IDEMPOTENCY_KEY_MISMATCH'],
    ['an unknown field', {}, { requestID: 'typo' }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400 and changes nothing', async (_what, headers, body, code) => {
    const before = await state();
    const reply = await request({ csr: makeCsr({ names: ['idem-bad.example.ac.uk'], key: 'p256' }), ...body }, headers);
    expect(reply).toMatchObject({ status: 400, contentType: expect.stringContaining('problem+json'), body: { code } });
    expect(await state()).toEqual(before);
  });

  it('OpenAPI documents the Idempotency-Key header and the answers of the request', async () => {
    const doc = (await client(platform.url!).get('/api/openapi.json')).body;
    const post = doc.paths['/api/v1/certificates'].post;
    expect(post.summary).toBeTruthy();
    expect(post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422', '503']));
  });
});
