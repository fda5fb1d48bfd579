import { X509Certificate } from 'node:crypto';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually, signIn } from './http-client';
import { makeCsr } from './openssl';

export interface DeskPlatform {
  url: string;
  operator: { email: string; password: string };
  /** the day by the platform's clock (YYYY-MM-DD): the first terms start on it */
  today(): string;
  /**
   * Single process: the platform's clock, so submission times are exact. Distributed: absent; the
   * processes run on real time and the queue's order follows the order of submission.
   */
  clock?: { set(at: Date): void };
  /**
   * Single process: issuance's kept organisation names, to wait exactly until the rename reached
   * issuance. Distributed: absent; issuance is asked until a new certificate carries the new name.
   */
  issuanceNames?: { knows(organisationId: string): boolean };
}

const organisationOf = (pem: string) => /(?:^|\n)O=(.*)/.exec(new X509Certificate(pem).subject)?.[1];

/** `day` one calendar year on (a term's end). */
const yearAfter = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

/**
 * Issue 12, the operator's desk: first-term invoices, rename and member flag, the organisation
 * listing with search and filters, the vetting queue. Through the REST API only, against a platform
 * holding no other organisations; run in one process and over NATS with a process per service.
 */
export function operatorDeskScenario(platform: () => DeskPlatform): void {
  let mrao: string;
  /** member, class A, started with a PO number, validated */
  let member: OrganisationUnderTest;
  /** non-member, class B, started without a PO number, not validated */
  let nonMember: OrganisationUnderTest;
  const api = (token?: string) => client(platform().url, token);

  beforeAll(async () => {
    const { url, operator } = platform();
    mrao = await signIn(url, operator.email, operator.password);
    member = await organisationWithSubscription(url, operator, { usageClass: 'A', member: true, name: 'Desk Alpha University', poNumber: 'PO-FIRST' });
    nonMember = await organisationWithSubscription(url, operator, { usageClass: 'B', member: false, name: 'Desk Beta College', validate: false });
  }, 60_000);

  describe('the first term is invoiced', () => {
    it('at the member price, issued with the PO number given at the start', async () => {
      const termStart = platform().today();
      const invoices = await api(member.raos[0].token).get('/api/v1/invoices');
      expect(invoices.body.items).toEqual([
        expect.objectContaining({
          organisationId: member.orgId,
          invoiceNumber: expect.stringMatching(/^INV-[0-9A-F]{8}-0001$/),
          reason: 'first-term',
          termStart,
          poNumber: 'PO-FIRST',
          status: 'issued',
          totalPence: 50_000,
          lines: [{ description: `First term: Usage class A (50 certificates), term ${termStart} to ${yearAfter(termStart)}`, amountPence: 50_000 }],
        }),
      ]);
    });

    it('at the non-member price, awaiting a PO number until one is attached; finance counts it in the term', async () => {
      const rao = api(nonMember.raos[0].token);
      const [invoice] = (await rao.get('/api/v1/invoices')).body.items;
      expect(invoice).toMatchObject({ reason: 'first-term', status: 'awaiting-po', totalPence: 135_000 });
      expect(invoice.poNumber).toBeUndefined();
      // Without an invoice number the PO goes to the one invoice waiting for it.
      const po = await rao.post(`/api/v1/organisations/${nonMember.orgId}/subscription/purchase-order`, { poNumber: 'PO-LATER' });
      expect(po.status).toBe(201);
      expect((await rao.get('/api/v1/invoices')).body.items[0]).toMatchObject({ invoiceNumber: invoice.invoiceNumber, status: 'issued', poNumber: 'PO-LATER' });
      const usage = await rao.get(`/api/v1/organisations/${nonMember.orgId}/subscription/usage`);
      expect(usage.body.terms[0]).toMatchObject({ termStart: platform().today(), invoicedPence: 135_000 });
    });

    it('a malformed PO number at the start is refused and starts nothing', async () => {
      const org = await api(mrao).post('/api/v1/organisations', { name: 'Desk Gamma Institute', member: true });
      const refused = await api(mrao).post(`/api/v1/organisations/${org.body.id}/subscription`, { usageClass: 'A', poNumber: '' });
      expect(refused.status).toBe(400);
      expect((await api(mrao).get(`/api/v1/organisations/${org.body.id}/subscription`)).status).toBe(404);
    });
  });

  describe('rename and member flag', () => {
    it('a certificate issued before a rename keeps the old name, one issued after carries the new one', async () => {
      const rao = api(member.raos[0].token);
      const issue = (name: string) => rao.post('/api/v1/certificates', { organisationId: member.orgId, csr: makeCsr({ names: [name], key: 'p256' }) });
      const before = await issue('before.example.ac.uk');
      expect(before.status).toBe(201);
      expect(organisationOf(before.body.certificatePem)).toBe('Desk Alpha University');

      const names = platform().issuanceNames;
      if (names) expect(names.knows(member.orgId)).toBe(true);
      const renamed = await api(mrao).raw('PATCH', `/api/v1/organisations/${member.orgId}`, { name: 'Desk Alpha University of Testing' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: member.orgId, name: 'Desk Alpha University of Testing', member: true });

      let after: Awaited<ReturnType<typeof issue>>;
      if (names) {
        // Issuance learns of the rename from identity's event: it drops the name it kept.
        await eventually(async () => !names.knows(member.orgId) || undefined);
        after = await issue('after.example.ac.uk');
        expect(after.status).toBe(201);
      } else {
        // From outside: issuance drops its kept name on identity's event (each lapses after a minute
        // anyway), so within seconds a new certificate carries the new name. Each try is one certificate.
        let tries = 0;
        after = await eventually(
          async () => {
            const reply = await issue(`after-${++tries}.example.ac.uk`);
            expect(reply.status).toBe(201);
            return organisationOf(reply.body.certificatePem) === 'Desk Alpha University' ? undefined : reply;
          },
          20_000,
          'a certificate with the new organisation name',
        );
      }
      expect(organisationOf(after.body.certificatePem)).toBe('Desk Alpha University of Testing');
      const again = await rao.get(`/api/v1/certificates/${before.body.id}`);
      expect(organisationOf(again.body.certificatePem)).toBe('Desk Alpha University');
      expect((await rao.get(`/api/v1/organisations/${member.orgId}`)).body.name).toBe('Desk Alpha University of Testing');
    });

    it('the operator\'s subscription listing shows the organisation names as they are now', async () => {
      const listed = await api(mrao).get('/api/v1/billing/subscriptions');
      expect(listed.status).toBe(200);
      const byId = new Map(listed.body.items.map((s: { organisationId: string; organisationName: string }) => [s.organisationId, s.organisationName]));
      expect(byId.get(member.orgId)).toBe('Desk Alpha University of Testing');
      expect(byId.get(nonMember.orgId)).toBe('Desk Beta College');
    });

    it('the next invoice is priced with the member flag in force', async () => {
      const changed = await api(mrao).raw('PATCH', `/api/v1/organisations/${nonMember.orgId}`, { member: true });
      expect(changed.body).toMatchObject({ name: 'Desk Beta College', member: true });
      // Billing records the flag too, for the invoices it raises on its own (automatic renewals).
      const history = await eventually(async () => {
        const events = (await api(mrao).get(`/api/v1/organisations/${nonMember.orgId}/subscription/events`)).body as { type: string; data: unknown }[];
        return events.find((e) => e.type === 'MemberFlagChanged');
      });
      expect(history.data).toMatchObject({ member: true });
      const renewed = await api(nonMember.raos[0].token).post(`/api/v1/organisations/${nonMember.orgId}/subscription/renewal`, { poNumber: 'PO-RENEW' });
      expect(renewed.status).toBe(201);
      const invoices = (await api(nonMember.raos[0].token).get('/api/v1/invoices')).body.items;
      expect(invoices.map((i: { reason: string; totalPence: number }) => [i.reason, i.totalPence])).toEqual([
        ['first-term', 135_000], // raised while a non-member: unchanged
        ['renewal', 90_000], // class B at the member price
      ]);
    });

    it('only the operator renames, with a name fit for a certificate subject; nothing else changes', async () => {
      const path = `/api/v1/organisations/${nonMember.orgId}`;
      const byRao = await api(nonMember.raos[0].token).raw('PATCH', path, { name: 'Mine Now' });
      expect(byRao.status).toBe(403);
      const spoofed = await api(mrao).raw('PATCH', path, { name: 'Desk\u202eBeta' });
      expect(spoofed.status).toBe(400);
      expect(JSON.stringify(spoofed.body)).toContain('name');
      expect((await api(mrao).raw('PATCH', path, {})).status).toBe(400);
      expect((await api(mrao).raw('PATCH', path, { member: 'yes' })).status).toBe(400);
      expect((await api(mrao).raw('PATCH', `/api/v1/organisations/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, { member: true })).status).toBe(404);
      expect((await api(mrao).get(path)).body).toMatchObject({ name: 'Desk Beta College', member: true });
    });
  });

  describe('organisations listing', () => {
    const names = (reply: { body: { items: { name: string }[] } }) => reply.body.items.map((o) => o.name);

    it('the operator sees every organisation with member flag, subscription and validation state, ordered by name', async () => {
      const all = await api(mrao).get('/api/v1/organisations');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      expect(all.body.items).toEqual([
        expect.objectContaining({ id: member.orgId, name: 'Desk Alpha University of Testing', member: true, subscription: 'active', validation: 'validated' }),
        expect.objectContaining({ id: nonMember.orgId, name: 'Desk Beta College', member: true, subscription: 'active', validation: 'not-submitted' }),
        expect.objectContaining({ name: 'Desk Gamma Institute', member: true, subscription: 'none', validation: 'not-submitted' }),
      ]);
    });

    it('searches by a part of the name and filters by member flag, subscription and validation state, paged', async () => {
      expect(names(await api(mrao).get('/api/v1/organisations?name=COLLEGE'))).toEqual(['Desk Beta College']);
      expect(names(await api(mrao).get('/api/v1/organisations?name=desk%20a'))).toEqual(['Desk Alpha University of Testing']);
      expect(names(await api(mrao).get('/api/v1/organisations?member=false'))).toEqual([]);
      expect(names(await api(mrao).get('/api/v1/organisations?subscription=none'))).toEqual(['Desk Gamma Institute']);
      expect(names(await api(mrao).get('/api/v1/organisations?subscription=active&validation=not-submitted'))).toEqual(['Desk Beta College']);
      expect(names(await api(mrao).get('/api/v1/organisations?validation=validated'))).toEqual(['Desk Alpha University of Testing']);
      const second = await api(mrao).get('/api/v1/organisations?pageSize=2&page=2');
      expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(names(second)).toEqual(['Desk Gamma Institute']);
    });

    it('an RAO sees only its own organisation', async () => {
      const own = await api(nonMember.raos[0].token).get('/api/v1/organisations');
      expect(own.body).toMatchObject({ total: 1 });
      expect(names(own)).toEqual(['Desk Beta College']);
      expect(names(await api(nonMember.raos[0].token).get('/api/v1/organisations?name=alpha'))).toEqual([]);
    });

    it('unknown, repeated or malformed parameters are refused, naming the parameter', async () => {
      const unknown = await api(mrao).get('/api/v1/organisations?colour=red');
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(unknown.body)).toContain('colour');
      expect((await api(mrao).get('/api/v1/organisations?member=yes')).status).toBe(400);
      expect((await api(mrao).get('/api/v1/organisations?subscription=lapsed')).status).toBe(400);
      expect((await api(mrao).get('/api/v1/organisations?page=0')).status).toBe(400);
      expect((await api(mrao).get('/api/v1/organisations?name=a&name=b')).status).toBe(400);
    });
  });

  describe('vetting queue', () => {
    const details = (legalName: string) => ({ legalName, locality: 'Exampleton', country: 'GB', registrationNumber: 'RC000042' });
    /** Sets the platform's clock where it has one and returns the exact time to expect; on real time, any time. */
    const at = (iso: string) => {
      const clock = platform().clock;
      if (!clock) return expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      clock.set(new Date(iso));
      return iso;
    };

    it('lists submitted organisation details and EV details oldest first; MRAOs are e-mailed; vetting takes them off', async () => {
      // Submitted in the other order than the organisations were created: the queue follows submission time.
      const firstAt = at('2026-11-01T09:05:00.000Z');
      const first = await api(nonMember.raos[0].token).post(`/api/v1/organisations/${nonMember.orgId}/validation/details`, details('Desk Beta Legal'));
      expect(first.status).toBeLessThan(300);
      const secondAt = at('2026-11-01T09:10:00.000Z');
      const second = await api(member.raos[0].token).post(`/api/v1/organisations/${member.orgId}/validation/details`, details('Desk Alpha Legal'));
      expect(second.status).toBeLessThan(300);

      const queue = await api(mrao).get('/api/v1/vetting-queue');
      expect(queue.status).toBe(200);
      expect(queue.body).toEqual({
        total: 2,
        items: [
          { organisationId: nonMember.orgId, kind: 'organisation-details', submittedAt: firstAt, submittedBy: expect.any(String), details: details('Desk Beta Legal') },
          { organisationId: member.orgId, kind: 'organisation-details', submittedAt: secondAt, submittedBy: expect.any(String), details: details('Desk Alpha Legal') },
        ],
      });
      expect(queue.body.items[0].submittedAt < queue.body.items[1].submittedAt).toBe(true);
      expect((await api(member.raos[0].token).get('/api/v1/vetting-queue')).status).toBe(403);

      const mails = await eventually(async () => {
        const outbox = await api(mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(platform().operator.email)}`);
        const vetting = outbox.body.filter((m: { subject: string }) => m.subject.includes('waiting for vetting'));
        return vetting.length === 2 ? vetting : undefined;
      });
      expect(mails.map((m: { subject: string }) => m.subject).sort()).toEqual([
        'Desk Alpha University of Testing: organisation details waiting for vetting',
        'Desk Beta College: organisation details waiting for vetting',
      ]);

      const reviewed = await api(mrao).post(`/api/v1/organisations/${nonMember.orgId}/validation/review`, { decision: 'approve' });
      expect(reviewed.status).toBeLessThan(300);
      const queued = async () => (await api(mrao).get('/api/v1/vetting-queue')).body.items.map((i: { organisationId: string; kind: string }) => [i.organisationId, i.kind]);
      expect(await queued()).toEqual([[member.orgId, 'organisation-details']]);

      // EV details wait too, after what was submitted before them, until an MRAO vets an anchor.
      const evAt = at('2026-11-01T09:12:00.000Z');
      const ev = { jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC000042' };
      const submitted = await api(nonMember.raos[0].token).post(`/api/v1/organisations/${nonMember.orgId}/validation/ev-details`, ev);
      expect(submitted).toMatchObject({ status: 201, body: { pendingEv: ev } });
      expect(await queued()).toEqual([
        [member.orgId, 'organisation-details'],
        [nonMember.orgId, 'ev-anchor'],
      ]);
      expect((await api(mrao).get('/api/v1/vetting-queue')).body.items[1]).toMatchObject({ submittedAt: evAt, ev });
      const vetted = await api(mrao).post(`/api/v1/organisations/${nonMember.orgId}/validation/ev`, ev);
      expect(vetted.status).toBeLessThan(300);
      expect(await queued()).toEqual([[member.orgId, 'organisation-details']]);
      // Approved details validate the organisation; the listing's validation state follows.
      expect((await api(mrao).get('/api/v1/organisations?validation=validated')).body.items.map((o: { id: string }) => o.id)).toEqual([member.orgId, nonMember.orgId]);
    });
  });
}
