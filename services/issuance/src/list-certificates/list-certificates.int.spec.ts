/**
 * The listing's every filter, order and scope against a seeded set with the exact rows expected, on
 * both read model backends (SQLite file, PostgreSQL temporary schema): the events go through the
 * projection, the query is the one the service runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateSummary, Issuance } from '@platform/contracts';
import { SqliteEventStore, eventMetadata } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import type { ReadModelDbConfig } from '@platform/read-model';
import { type TemporarySchema, createTemporarySchema } from '@platform/testing';
import type { CertificateEvent, CertificateIssuedData } from '../certificate/certificate.events';
import { issuedCertificate } from '../certificate/certificate.fixtures';
import { CertificateListProjection } from '../projections/certificate-list.projection';

type Filters = Partial<Omit<Issuance.ListCertificatesRequest, 'actor'>>;

const NOW = new Date('2026-12-01T12:00:00Z');
const mrao: Actor = { adminId: 'm', email: 'm@x', grants: [{ role: 'MRAO' }] };
const raoO1: Actor = { adminId: 'r1', email: 'r1@x', grants: [{ role: 'RAO', organisationId: 'o1' }] };
const raoO2: Actor = { adminId: 'r2', email: 'r2@x', grants: [{ role: 'RAO', organisationId: 'o2' }] };
const draoD1: Actor = { adminId: 'd', email: 'd@x', grants: [{ role: 'DRAO', organisationId: 'o1', departmentId: 'd1' }] };

const cert = (id: string, over: Partial<CertificateIssuedData>, issued: string, expires: string): CertificateIssuedData =>
  issuedCertificate({ certificateId: id, serialNumber: id, issuedAt: `${issued}T09:00:00.000Z`, notBefore: `${issued}T09:00:00.000Z`, notAfter: `${expires}T09:00:00.000Z`, ...over });

/** Seven certificates, each a different mix; the comments of the tests name which ones a filter must give. */
const SEEDED: Array<{ issued: CertificateIssuedData; revoked?: { at: string; reason: 'keyCompromise' | 'superseded' } }> = [
  { issued: cert('c01', { organisationId: 'o1', certificateType: 'ov-ssl', commonName: 'www.alpha.ac.uk', names: ['www.alpha.ac.uk', 'alpha.ac.uk'], requestedBy: 'a1', method: 'manual' }, '2026-01-10', '2026-07-28') },
  {
    issued: cert('c02', { organisationId: 'o1', departmentId: 'd1', certificateType: 'ov-multi-domain', commonName: 'mail.beta.ac.uk', names: ['mail.beta.ac.uk', 'smtp.beta.ac.uk'], keyAlgorithm: 'ECDSA P-256', issuerId: 'tls-ecdsa', requestedBy: 'a2', method: 'acme' }, '2026-02-10', '2026-08-28'),
    revoked: { at: '2026-03-01T10:00:00.000Z', reason: 'keyCompromise' },
  },
  { issued: cert('c03', { organisationId: 'o1', departmentId: 'd2', certificateType: 'ov-wildcard', commonName: '*.gamma.ac.uk', names: ['*.gamma.ac.uk', 'gamma.ac.uk'], keyAlgorithm: 'RSA 3072', requestedBy: 'a1', method: 'enrollment' }, '2026-03-10', '2026-09-26') },
  {
    // no method: from before request methods, so 'manual'
    issued: cert('c04', { organisationId: 'o1', departmentId: 'd1', certificateType: 'ev-ssl', commonName: 'shop.alpha.ac.uk', names: ['shop.alpha.ac.uk'], keyAlgorithm: 'ECDSA P-384', issuerId: 'tls-ecdsa', requestedBy: 'a3' }, '2026-04-10', '2026-10-27'),
    revoked: { at: '2026-04-20T10:00:00.000Z', reason: 'superseded' },
  },
  { issued: cert('c05', { organisationId: 'o2', certificateType: 'smime-mailbox', commonName: 'Jo Bloggs', names: ['jo@delta.ac.uk'], issuerId: 'smime', requestedBy: 'a9', method: 'enrollment' }, '2026-05-10', '2027-06-10') },
  // no certificateType: from before types, so 'ov-ssl'
  { issued: cert('c06', { organisationId: 'o1', commonName: 'www.epsilon.ac.uk', names: ['www.epsilon.ac.uk'], requestedBy: 'a1', method: 'acme' }, '2026-06-10', '2026-12-27') },
  // issued at the same instant as c06: the id decides their order
  { issued: cert('c07', { organisationId: 'o2', certificateType: 'ov-ssl', commonName: 'WWW.Zeta.AC.UK', names: ['WWW.Zeta.AC.UK'], keyAlgorithm: 'ECDSA P-256', issuerId: 'tls-ecdsa', requestedBy: 'a9', method: 'acme' }, '2026-06-10', '2026-12-20') },
];

const backends: Array<[string, () => Promise<{ config: ReadModelDbConfig; drop(): Promise<void> }>]> = [
  ['SQLite', async () => ({ config: { kind: 'sqlite', filename: join(dir, `read-model-${Date.now()}.db`) }, drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const schema: TemporarySchema = await createTemporarySchema('listing');
      return { config: { kind: 'postgres', connectionString: schema.connectionString, schema: schema.schema }, drop: () => schema.drop() };
    },
  ],
];

const dir = mkdtempSync(join(tmpdir(), 'listing-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(backends)('certificate listing (%s read model)', (_name, open) => {
  let store: SqliteEventStore;
  let listing: CertificateListProjection;
  let drop: () => Promise<void>;

  let config: ReadModelDbConfig;

  beforeAll(async () => {
    store = SqliteEventStore.open(join(dir, `events-${_name}.db`));
    for (const { issued, revoked } of SEEDED) {
      const events: CertificateEvent[] = [{ type: 'CertificateIssued', data: issued }];
      if (revoked)
        events.push({
          type: 'CertificateRevoked',
          data: { certificateId: issued.certificateId, organisationId: issued.organisationId, serialNumber: issued.serialNumber, issuedAt: issued.issuedAt, reason: revoked.reason, revokedAt: revoked.at, revokedBy: 'a1' },
        });
      const metadata = eventMetadata({ at: new Date(issued.issuedAt), actor: issued.requestedBy });
      await store.appendToStream(`certificate-${issued.certificateId}`, events.map((e) => ({ ...e, metadata })), 'no_stream');
    }
    const backend = await open();
    drop = backend.drop;
    config = backend.config;
    listing = new CertificateListProjection(store, config);
    await listing.onModuleInit();
  });

  afterAll(async () => {
    await listing?.onApplicationShutdown();
    await store?.close();
    await drop?.();
  });

  const page = (filters: Filters, actor: Actor = mrao) => listing.list(actor, { sort: '-issuedAt', page: 1, pageSize: 50, ...filters }, NOW);
  const ids = async (filters: Filters, actor: Actor = mrao) => (await page(filters, actor)).items.map((c) => c.id);

  it('orders by issue date (newest first by default) or expiry, the id breaking ties', async () => {
    expect(await ids({})).toEqual(['c07', 'c06', 'c05', 'c04', 'c03', 'c02', 'c01']);
    expect(await ids({ sort: 'issuedAt' })).toEqual(['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07']);
    expect(await ids({ sort: 'notAfter' })).toEqual(['c01', 'c02', 'c03', 'c04', 'c07', 'c06', 'c05']);
    expect(await ids({ sort: '-notAfter' })).toEqual(['c05', 'c06', 'c07', 'c04', 'c03', 'c02', 'c01']);
  });

  it('pages with a stable order and counts every match', async () => {
    expect(await page({ pageSize: 2, page: 2 })).toMatchObject({ total: 7, page: 2, items: [{ id: 'c05' }, { id: 'c04' }] });
    expect(await page({ pageSize: 3, page: 3 })).toMatchObject({ total: 7, items: [{ id: 'c01' }] });
    expect(await page({ pageSize: 3, page: 4 })).toMatchObject({ total: 7, items: [] });
  });

  it('filters by status, certificate type, requester, request method, key type and department', async () => {
    expect(await ids({ status: 'revoked' })).toEqual(['c04', 'c02']);
    expect(await ids({ status: 'issued' })).toEqual(['c07', 'c06', 'c05', 'c03', 'c01']);
    expect(await ids({ certificateType: 'ov-ssl' })).toEqual(['c07', 'c06', 'c01']);
    expect(await ids({ certificateType: 'ev-ssl' })).toEqual(['c04']);
    expect(await ids({ requestedBy: 'a1' })).toEqual(['c06', 'c03', 'c01']);
    expect(await ids({ method: 'acme' })).toEqual(['c07', 'c06', 'c02']);
    expect(await ids({ method: 'manual' })).toEqual(['c04', 'c01']);
    expect(await ids({ method: 'enrollment' })).toEqual(['c05', 'c03']);
    expect(await ids({ keyType: 'ecdsa-p256' })).toEqual(['c07', 'c02']);
    expect(await ids({ keyType: 'rsa-2048' })).toEqual(['c06', 'c05', 'c01']);
    expect(await ids({ keyType: 'ecdsa-p384' })).toEqual(['c04']);
    expect(await ids({ departmentId: 'd1' })).toEqual(['c04', 'c02']);
    expect(await ids({ organisationId: 'o1', status: 'issued', certificateType: 'ov-ssl' })).toEqual(['c06', 'c01']);
  });

  it('finds a name as a substring or exactly, among common names and SANs, whatever the case', async () => {
    expect(await ids({ name: 'alpha' })).toEqual(['c04', 'c01']);
    expect(await ids({ name: 'ALPHA.ac' })).toEqual(['c04', 'c01']);
    expect(await ids({ name: 'smtp.beta' })).toEqual(['c02']);
    expect(await ids({ name: 'zeta.ac' })).toEqual(['c07']);
    expect(await ids({ name: 'jo@delta' })).toEqual(['c05']);
    expect(await ids({ name: 'alpha.ac.uk', nameMatch: 'exact' })).toEqual(['c01']);
    expect(await ids({ name: 'SMTP.beta.ac.uk', nameMatch: 'exact' })).toEqual(['c02']);
    expect(await ids({ name: 'beta.ac.uk', nameMatch: 'exact' })).toEqual([]);
    expect(await ids({ name: '*.gamma', nameMatch: 'contains' })).toEqual(['c03']);
    // LIKE and FTS syntax in a name is text, not a pattern
    expect(await ids({ name: 'a%c' })).toEqual([]);
    expect(await ids({ name: 'a_p' })).toEqual([]);
    expect(await ids({ name: '"al' })).toEqual([]);
    expect(await ids({ name: 'alpha OR beta' })).toEqual([]);
    expect(await ids({ name: 'bloggs' })).toEqual(['c05']);
  });

  it('finds names the same way within organisations, where the rows are read instead of the trigram index', async () => {
    expect(await ids({ name: 'ALPHA.ac' }, raoO1)).toEqual(['c04', 'c01']);
    expect(await ids({ name: 'smtp.beta' }, raoO1)).toEqual(['c02']);
    expect(await ids({ name: 'bloggs' }, raoO2)).toEqual(['c05']);
    expect(await ids({ name: 'jo@delta', organisationId: 'o2' })).toEqual(['c05']);
    expect(await ids({ name: 'zeta.ac', organisationId: 'o1' })).toEqual([]);
    expect(await ids({ name: 'alpha', nameMatch: 'exact' }, raoO1)).toEqual([]);
    expect(await ids({ name: 'a%c' }, raoO1)).toEqual([]);
    expect(await ids({ name: 'a_p' }, raoO1)).toEqual([]);
    expect(await ids({ name: 'a\\l' }, raoO1)).toEqual([]);
  });

  it('filters by issue, expiry and revocation dates (inclusive), and expiring within N days of now', async () => {
    expect(await ids({ issuedFrom: '2026-03-01T00:00:00Z', issuedTo: '2026-05-10T09:00:00Z' })).toEqual(['c05', 'c04', 'c03']);
    expect(await ids({ issuedFrom: '2026-06-10T09:00:00.001Z' })).toEqual([]);
    expect(await ids({ expiresFrom: '2026-08-01T00:00:00Z', expiresTo: '2026-10-27T09:00:00Z' })).toEqual(['c04', 'c03', 'c02']);
    expect(await ids({ expiringWithinDays: 30 })).toEqual(['c07', 'c06']);
    expect(await ids({ expiringWithinDays: 20 })).toEqual(['c07']);
    expect(await ids({ expiringWithinDays: 30, sort: 'notAfter' })).toEqual(['c07', 'c06']);
    expect(await ids({ revokedFrom: '2026-04-01T00:00:00Z' })).toEqual(['c04']);
    expect(await ids({ revokedTo: '2026-03-31T00:00:00Z' })).toEqual(['c02']);
    expect(await ids({ revokedFrom: '2026-01-01T00:00:00Z', revokedTo: '2026-12-31T00:00:00Z' })).toEqual(['c04', 'c02']);
  });

  it('keeps every caller to its scope: an RAO its organisation, a DRAO its departments', async () => {
    expect(await ids({}, raoO1)).toEqual(['c06', 'c04', 'c03', 'c02', 'c01']);
    expect(await ids({}, raoO2)).toEqual(['c07', 'c05']);
    expect(await page({ organisationId: 'o1' }, raoO2)).toEqual({ items: [], total: 0, page: 1 });
    expect(await ids({}, draoD1)).toEqual(['c04', 'c02']);
    expect(await ids({ name: 'gamma' }, draoD1)).toEqual([]);
    expect(await ids({ departmentId: 'd2' }, draoD1)).toEqual([]);
    expect(await ids({ name: 'alpha' }, raoO2)).toEqual([]);
  });

  it('rows carry type, profile, issuer, key type, names, requester, method and department', async () => {
    const [c04] = (await page({ name: 'shop.alpha.ac.uk', nameMatch: 'exact' })).items;
    expect(c04).toEqual<CertificateSummary>({
      id: 'c04',
      organisationId: 'o1',
      departmentId: 'd1',
      status: 'revoked',
      commonName: 'shop.alpha.ac.uk',
      names: ['shop.alpha.ac.uk'],
      serialNumber: 'c04',
      keyAlgorithm: 'ECDSA P-384',
      keyType: 'ecdsa-p384',
      certificateType: 'ev-ssl',
      profile: 'tls-ev',
      issuerId: 'tls-ecdsa',
      method: 'manual',
      notBefore: '2026-04-10T09:00:00.000Z',
      notAfter: '2026-10-27T09:00:00.000Z',
      requestedBy: 'a3',
      issuedAt: '2026-04-10T09:00:00.000Z',
      revokedAt: '2026-04-20T10:00:00.000Z',
      revocationReason: 'superseded',
    });
    const [c06] = (await page({ name: 'epsilon' })).items;
    expect(c06).toMatchObject({ certificateType: 'ov-ssl', profile: 'tls-ov', issuerId: 'tls-rsa', keyType: 'rsa-2048', method: 'acme' });
    expect(c06.departmentId).toBeUndefined();
  });

  it('starts again on its own read model (the trigram table and index left as they are)', async () => {
    const again = new CertificateListProjection(store, config);
    await again.onModuleInit();
    try {
      expect((await again.list(mrao, { sort: '-issuedAt', page: 1, pageSize: 50, name: 'alpha' }, NOW)).items.map((c) => c.id)).toEqual(['c04', 'c01']);
    } finally {
      await again.onApplicationShutdown();
    }
  });

  it('a rebuild gives the same rows, names included', async () => {
    const before = await page({});
    await listing.rebuild();
    expect(await page({})).toEqual(before);
    expect(await ids({ name: 'alpha' })).toEqual(['c04', 'c01']);
    expect(await ids({ name: 'alpha.ac.uk', nameMatch: 'exact' })).toEqual(['c01']);
  });
});
