import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';

/** Upgrades and invoices through the REST API, in one process with a clock the test sets. */
describe('billing: upgrades and invoices (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-terms-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2026-11-01T09:00:00Z'));
  let platform: PlatformHandle;
  let org: OrganisationUnderTest;
  let other: OrganisationUnderTest;
  const api = (token?: string) => client(platform.url!, token);

  beforeAll(async () => {
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password },
      { clock },
    );
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', member: true, validate: false });
    other = await organisationWithSubscription(platform.url!, operator, { usageClass: 'B', member: false, validate: false });
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an RAO upgrades A → C on 1 May: the allowance changes at once and the pro-rata invoice is raised', async () => {
    clock.set(new Date('2027-05-01T10:00:00Z'));
    await org.signInAgain();
    await other.signInAgain();
    const upgraded = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/upgrade`, { usageClass: 'C' });
    expect(upgraded.status).toBe(201);
    // (200,000 − 50,000) × 184 ÷ 365 = 75,616.44 → 75,616
    expect(upgraded.body.invoice).toMatchObject({ totalPence: 75_616, reason: 'upgrade', status: 'issued', organisationId: org.orgId });
    expect(upgraded.body.subscription).toMatchObject({ usageClass: 'C', allowance: 250 });
    const now = await api(org.raos[0].token).get(`/api/v1/organisations/${org.orgId}/subscription`);
    expect(now.body).toMatchObject({ usageClass: 'C', allowance: 250, remaining: 250 });
  });

  it('a downgrade is refused with a problem that says what to do instead', async () => {
    const refused = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/upgrade`, { usageClass: 'B' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'DOWNGRADE_NOT_ALLOWED', detail: expect.stringContaining('renewing') } });
    expect(refused.contentType).toContain('application/problem+json');
  });

  it('non-member prices apply to non-member organisations', async () => {
    const upgraded = await api(other.raos[0].token).post(`/api/v1/organisations/${other.orgId}/subscription/upgrade`, { usageClass: 'D' });
    // (525,000 − 135,000) × 184 ÷ 365 = 196,602.74 → 196,603
    expect(upgraded.body.invoice).toMatchObject({ totalPence: 196_603 });
  });

  it('invoices: an RAO reads its own, out of scope reads nothing, the MRAO reads all; CSV export', async () => {
    const mine = await api(org.raos[0].token).get('/api/v1/invoices');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items[0]).toMatchObject({ invoiceNumber: expect.stringMatching(/^INV-[0-9A-F]{8}-0001$/), reason: 'first-term', totalPence: 50_000 });
    expect(mine.body.items[1]).toMatchObject({ invoiceNumber: expect.stringMatching(/^INV-[0-9A-F]{8}-0002$/), lines: [expect.objectContaining({ amountPence: 75_616 })] });
    const notMine = await api(org.raos[0].token).get(`/api/v1/invoices?organisationId=${other.orgId}`);
    expect(notMine.body).toEqual({ items: [], total: 0 });
    const all = await api(org.mrao).get('/api/v1/invoices');
    expect(all.body.items.map((i: { organisationId: string }) => i.organisationId).sort()).toEqual([org.orgId, org.orgId, other.orgId, other.orgId].sort());

    const csv = await api(org.mrao).get(`/api/v1/invoices?format=csv&organisationId=${other.orgId}`);
    expect(csv.status).toBe(200);
    expect(csv.contentType).toContain('text/csv');
    const [header, firstTerm, row, end] = (csv.body as string).split('\r\n');
    expect(header).toBe('invoiceNumber,organisationId,raisedAt,termStart,reason,poNumber,status,totalPence,lines');
    expect(firstTerm).toContain(',first-term,,awaiting-po,135000,');
    expect(row).toContain(`,${other.orgId},2027-05-01T10:00:00.000Z,`);
    expect(row).toContain(',upgrade,,issued,196603,');
    expect(end).toBe('');
  });

  it('a PO number is attached to an invoice; the wrong invoice is a clear 404', async () => {
    const number = (await api(org.raos[0].token).get('/api/v1/invoices')).body.items[0].invoiceNumber;
    const po = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/purchase-order`, { poNumber: 'PO-4711', invoiceNumber: number });
    expect(po.status).toBe(201);
    expect((await api(org.raos[0].token).get('/api/v1/invoices')).body.items[0]).toMatchObject({ poNumber: 'PO-4711' });
    const wrong = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/purchase-order`, { poNumber: 'PO-1', invoiceNumber: 'INV-X-9' });
    expect(wrong).toMatchObject({ status: 404, body: { code: 'INVOICE_NOT_FOUND' } });
    const outOfScope = await api(org.raos[0].token).post(`/api/v1/organisations/${other.orgId}/subscription/upgrade`, { usageClass: 'F' });
    expect(outOfScope).toMatchObject({ status: 404, body: { code: 'SUBSCRIPTION_NOT_FOUND' } });
    for (const path of ['usage', 'usage?format=csv', 'as-of?at=2027-05-02T00:00:00Z'])
      expect(await api(org.raos[0].token).get(`/api/v1/organisations/${other.orgId}/subscription/${path}`)).toMatchObject({ status: 404, body: { code: 'SUBSCRIPTION_NOT_FOUND' } });
    expect((await api(other.raos[0].token).get(`/api/v1/organisations/${other.orgId}/subscription/usage`)).body.terms[0]).toMatchObject({ invoicedPence: 135_000 + 196_603 }); // the first term and the upgrade
  });
});
