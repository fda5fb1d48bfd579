import { randomUUID } from 'node:crypto';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';
import { addSignedInAdmin } from './scope.fixtures';

export interface RequestsPlatform {
  url: string;
  operator: { email: string; password: string };
}

interface World {
  org: OrganisationUnderTest;
  raoId: string;
  raoEmail: string;
  department: string;
  otherDepartment: string;
  requester: { adminId: string; token: string; email: string };
  approver: { adminId: string; token: string; email: string };
  outsider: { adminId: string; token: string; email: string };
  /** the CSR of the request held in 2 and approved in 5 */
  heldCsr: string;
}

const NO_APPROVAL = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: false, autoApprove: false };
const DEFAULTS = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: true, autoApprove: false };

/**
 * Issue 12, certificate requests as records of their own: held for approval (a DRAO's by default, an
 * RAO's not), approved (then issued, counted once) or declined (nothing reserved or counted), refused
 * requests listed with their codes, the approvers mailed, the policy per organisation and department,
 * and the listing's filters, paging, scope and refusals of bad parameters. Through the REST API only;
 * run in one process and over NATS with a process per service.
 */
export function certificateRequestsScenario(platform: () => RequestsPlatform): void {
  const tag = randomUUID().slice(0, 6);
  const w = {} as World;
  const api = (token?: string) => client(platform().url, token);
  const rao = () => api(w.org.raos[0].token);
  const put = (token: string, path: string, body: unknown) => api(token).raw('PUT', path, body);
  const csrFor = (...names: string[]) => makeCsr({ names, key: 'p256' });
  const request = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api(token).post('/api/v1/certificates', { organisationId: w.org.orgId, ...body }, headers);
  const subscription = async () => (await rao().get(`/api/v1/organisations/${w.org.orgId}/subscription`)).body as { tally: number; inFlight: number };
  const reservations = async () =>
    ((await rao().get(`/api/v1/organisations/${w.org.orgId}/subscription/events`)).body as { type: string; data: { certificateId?: string } }[]).filter(
      (e) => e.type === 'AllowanceReserved',
    );
  const requests = async (query: string, token = w.org.raos[0].token) => {
    const reply = await api(token).get(`/api/v1/certificate-requests${query}`);
    if (reply.status !== 200) throw new Error(`listing ${query}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body as { items: { id: string; status: string; code?: string; reason?: string; names: string[] }[]; total: number; page: number; pageSize: number };
  };
  const mailsTo = async (email: string) => (await api(w.org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`)).body as { subject: string; text: string }[];

  it('1. builds an organisation with a department, its RAO, a requesting DRAO and an approving DRAO', async () => {
    const { url, operator } = platform();
    w.org = await organisationWithSubscription(url, operator, { usageClass: 'A', name: `Approval University ${tag}` });
    w.raoEmail = ((await rao().get('/api/v1/auth/me')).body as { email: string }).email;
    w.raoId = ((await rao().get('/api/v1/auth/me')).body as { adminId: string }).adminId;
    const department = async (name: string) => (await rao().post(`/api/v1/organisations/${w.org.orgId}/departments`, { name })).body.id as string;
    w.department = await department('Physics');
    w.otherDepartment = await department('Chemistry');
    expect((await rao().post(`/api/v1/organisations/${w.org.orgId}/domains/example.ac.uk/delegations`, { departmentIds: [w.department] })).status).toBe(201);
    const drao = async (who: string, departmentId: string, privileges?: string[]) => {
      const email = `${who}-${tag}@example.ac.uk`;
      const admin = await addSignedInAdmin(url, w.org.mrao, w.org.raos[0].token, email, [
        { role: 'DRAO', organisationId: w.org.orgId, departmentId, ...(privileges ? { privileges } : {}) },
      ]);
      return { ...admin, email };
    };
    w.requester = await drao('requester', w.department, ['request-ssl']);
    w.approver = await drao('approver', w.department);
    w.outsider = await drao('outsider', w.otherDepartment);
  }, 60_000);

  it('2. by default an RAO\'s request is not held (201), a DRAO\'s is (202 with the request and its Location)', async () => {
    const policy = await rao().get(`/api/v1/organisations/${w.org.orgId}/request-policy`);
    expect(policy).toMatchObject({ status: 200, body: { ...DEFAULTS, defaults: true, departments: [] } });

    const issued = await request(w.org.raos[0].token, { csr: csrFor(`rao-${tag}.example.ac.uk`) });
    expect(issued).toMatchObject({ status: 201, body: { status: 'issued' } });
    const before = await subscription();
    w.heldCsr = csrFor(`held-${tag}.example.ac.uk`);
    const held = await request(w.requester.token, { csr: w.heldCsr }, { 'Idempotency-Key': `held-${tag}` });
    expect(held).toMatchObject({
      status: 202,
      body: {
        status: 'requested',
        awaitingApproval: true,
        organisationId: w.org.orgId,
        departmentId: w.department,
        names: [`held-${tag}.example.ac.uk`],
        requestedBy: w.requester.adminId,
        method: 'manual',
      },
    });
    expect(held.body).not.toHaveProperty('certificatePem');
    const location = held.body.id as string;
    const viewed = await api(w.requester.token).get(`/api/v1/certificate-requests/${location}`);
    expect(viewed).toMatchObject({ status: 200, body: { id: location, status: 'requested', awaitingApproval: true } });
    // The same key again: the same pending request.
    const again = await request(w.requester.token, { csr: w.heldCsr }, { 'Idempotency-Key': `held-${tag}` });
    expect(again).toMatchObject({ status: 202, body: { id: location, status: 'requested' } });
    // Nothing reserved, nothing counted.
    expect(await subscription()).toMatchObject({ tally: before.tally, inFlight: 0 });
    expect((await reservations()).some((e) => e.data.certificateId === location)).toBe(false);
    expect((await requests(`?status=requested`)).items.map((r) => r.id)).toContain(location);
  });

  it('3. the 202 carries the Location of the request', async () => {
    const response = await fetch(`${platform().url}/api/v1/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.requester.token}` },
      body: JSON.stringify({ organisationId: w.org.orgId, csr: csrFor(`located-${tag}.example.ac.uk`) }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string };
    expect(response.headers.get('location')).toBe(`/api/v1/certificate-requests/${body.id}`);
  });

  it('4. the approvers are e-mailed (the RAO and the approving DRAO), not the requester', async () => {
    const [first] = (await requests(`?status=requested&name=held-${tag}.example.ac.uk&nameMatch=exact`)).items;
    const mail = await eventually(async () => (await mailsTo(w.approver.email)).find((m) => m.text.includes(first.id)), 10_000, 'the approver\'s mail');
    expect(mail.subject).toContain(`held-${tag}.example.ac.uk`);
    expect(mail.subject).toContain('awaits your approval');
    expect(mail.text).toContain(w.requester.email);
    await eventually(async () => (await mailsTo(w.raoEmail)).find((m) => m.text.includes(first.id)), 10_000, 'the RAO\'s mail');
    expect((await mailsTo(w.requester.email)).some((m) => m.text.includes(first.id))).toBe(false);
    expect((await mailsTo(w.outsider.email)).some((m) => m.text.includes(first.id))).toBe(false);
    // The organisation has approvers: the operators are not mailed about it.
    expect((await mailsTo(platform().operator.email)).some((m) => m.text.includes(first.id))).toBe(false);
  });

  it('5. approved → issued and counted once; a second approval and the key again change nothing', async () => {
    const [held] = (await requests(`?status=requested&name=held-${tag}`)).items;
    const before = await subscription();
    // The requester holds no approve-ssl; a DRAO of another department does not see it.
    expect(await api(w.requester.token).post(`/api/v1/certificate-requests/${held.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'PRIVILEGE_MISSING' } });
    expect((await api(w.outsider.token).post(`/api/v1/certificate-requests/${held.id}/approve`, {})).status).toBe(404);
    const approved = await api(w.approver.token).post(`/api/v1/certificate-requests/${held.id}/approve`, {});
    expect(approved).toMatchObject({ status: 201, body: { id: held.id, status: 'issued', departmentId: w.department, names: [`held-${tag}.example.ac.uk`] } });
    expect(approved.body.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(await api(w.approver.token).post(`/api/v1/certificate-requests/${held.id}/approve`, {})).toMatchObject({
      status: 409,
      body: { code: 'REQUEST_NOT_AWAITING_APPROVAL', status: 409, requestStatus: 'issued' },
    });
    // The key again: the certificate; with another key pair: refused. The tally moves by one only.
    const again = await request(w.requester.token, { csr: w.heldCsr }, { 'Idempotency-Key': `held-${tag}` });
    expect(again).toMatchObject({ status: 201, body: { id: held.id, serialNumber: approved.body.serialNumber } });
    const otherKey = await request(w.requester.token, { csr: csrFor(`held-${tag}.example.ac.uk`) }, { 'Idempotency-Key': `held-${tag}` });
    expect(otherKey).toMatchObject({ status: 409, body: { code: 'REQUEST_ID_REUSED' } });
    const tally = await eventually(async () => {
      const now = await subscription();
      return now.tally > before.tally ? now : undefined;
    });
    expect(tally).toMatchObject({ tally: before.tally + 1, inFlight: 0 });
    expect((await reservations()).filter((e) => e.data.certificateId === held.id)).toHaveLength(1);
    const view = await api(w.requester.token).get(`/api/v1/certificate-requests/${held.id}`);
    expect(view.body).toMatchObject({ status: 'issued', approvedBy: w.approver.adminId, certificateId: held.id, awaitingApproval: false });
    const events = await api(w.requester.token).get(`/api/v1/certificates/${held.id}/events`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['CertificateRequestSubmitted', 'CertificateRequestApproved', 'CertificateRequested', 'CertificateIssued']);
    expect(events.body[0].data).not.toHaveProperty('csr');
    expect((await requests(`?status=issued&name=held-${tag}`)).items).toEqual([expect.objectContaining({ id: held.id, approvedBy: w.approver.adminId })]);
  });

  it('6. declined with a reason: nothing reserved or counted; approving it then, or the same key again, is refused', async () => {
    const before = await subscription();
    const key = { 'Idempotency-Key': `declined-${tag}` };
    const csr = csrFor(`declined-${tag}.example.ac.uk`);
    const held = await request(w.requester.token, { csr }, key);
    expect(held.status).toBe(202);
    expect(await api(w.approver.token).post(`/api/v1/certificate-requests/${held.body.id}/decline`, { reason: '  ' })).toMatchObject({ status: 400 });
    const declined = await api(w.org.raos[0].token).post(`/api/v1/certificate-requests/${held.body.id}/decline`, { reason: 'Use the shared certificate of the department.' });
    expect(declined).toMatchObject({
      status: 200,
      body: { id: held.body.id, status: 'declined', declinedBy: w.raoId, reason: 'Use the shared certificate of the department.', awaitingApproval: false },
    });
    expect(await api(w.approver.token).post(`/api/v1/certificate-requests/${held.body.id}/approve`, {})).toMatchObject({ status: 409, body: { code: 'REQUEST_NOT_AWAITING_APPROVAL' } });
    expect(await request(w.requester.token, { csr }, key)).toMatchObject({ status: 409, body: { code: 'REQUEST_DECLINED', reason: 'Use the shared certificate of the department.' } });
    expect(await subscription()).toMatchObject({ tally: before.tally, inFlight: 0 });
    expect((await reservations()).some((e) => e.data.certificateId === held.body.id)).toBe(false);
    const listed = await requests(`?status=declined`, w.requester.token);
    expect(listed.items).toEqual([expect.objectContaining({ id: held.body.id, reason: 'Use the shared certificate of the department.', names: [`declined-${tag}.example.ac.uk`] })]);
  });

  it('7. a request refused by a rule is listed with who asked, its names and its code; bad input is not listed', async () => {
    const before = await subscription();
    const outside = await request(w.org.raos[0].token, { csr: csrFor(`www.elsewhere-${tag}.ac.uk`) });
    expect(outside).toMatchObject({ status: 422, body: { code: 'DOMAIN_NOT_VALIDATED' } });
    const mismatch = await request(w.requester.token, { csr: csrFor(`a-${tag}.example.ac.uk`, `b-${tag}.example.ac.uk`) });
    expect(mismatch).toMatchObject({ status: 422, body: { code: 'CERTIFICATE_TYPE_SINGLE_NAME' } });
    const refused = await requests('?status=refused');
    expect(refused.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'refused', code: 'DOMAIN_NOT_VALIDATED', names: [`www.elsewhere-${tag}.ac.uk`], requestedBy: w.raoId, reason: expect.stringContaining(`www.elsewhere-${tag}.ac.uk`) }),
        expect.objectContaining({ status: 'refused', code: 'CERTIFICATE_TYPE_SINGLE_NAME', requestedBy: w.requester.adminId, departmentId: w.department }),
      ]),
    );
    // A malformed CSR or a caller out of scope is bad input: refused, and nothing recorded.
    const total = (await requests('')).total;
    expect((await request(w.requester.token, { csr: 'not a csr' })).status).toBe(400);
    expect((await request(w.outsider.token, { departmentId: w.department, csr: csrFor(`x-${tag}.example.ac.uk`) })).status).toBe(404);
    expect((await requests('')).total).toBe(total);
    expect(await subscription()).toMatchObject({ tally: before.tally, inFlight: 0 });
  });

  it('8. the listing filters, pages in a stable order and refuses unknown or bad parameters naming them', async () => {
    const all = await requests('?pageSize=500');
    expect(all.total).toBeGreaterThanOrEqual(5);
    const pages = [];
    for (let page = 1; page <= all.total; page++) pages.push(...(await requests(`?pageSize=1&page=${page}`)).items.map((r) => r.id));
    expect(pages).toEqual(all.items.map((r) => r.id));
    expect((await requests(`?requestedBy=${w.requester.adminId}`)).items.every((r) => (r as unknown as { requestedBy: string }).requestedBy === w.requester.adminId)).toBe(true);
    expect((await requests(`?name=HELD-${tag}`)).items.map((r) => r.names)).toEqual([[`held-${tag}.example.ac.uk`]]);
    expect((await requests(`?name=held-${tag}&nameMatch=exact`)).total).toBe(0);
    expect((await requests(`?departmentId=${w.otherDepartment}`)).total).toBe(0);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await requests(`?requestedFrom=${encodeURIComponent(future)}`)).total).toBe(0);
    expect((await requests(`?requestedTo=${encodeURIComponent(future)}`)).total).toBe(all.total);
    for (const [query, parameter] of [
      ['?colour=red', 'colour'],
      ['?status=pending', 'status'],
      ['?page=0', 'page'],
      ['?requestedFrom=yesterday', 'requestedFrom'],
      ['?name=%25', 'name'],
      ['?nameMatch=regex', 'nameMatch'],
      ['?departmentId=not-an-id', 'departmentId'],
    ]) {
      const reply = await rao().get(`/api/v1/certificate-requests${query}`);
      expect(reply).toMatchObject({ status: 400, contentType: expect.stringContaining('problem+json') });
      expect(JSON.stringify(reply.body)).toContain(parameter);
    }
    expect(await rao().get('/api/v1/certificate-requests?status=issued&status=refused')).toMatchObject({ status: 400, body: { code: 'REPEATED_PARAMETER', parameter: 'status' } });
  });

  it('9. scope: MRAO all, RAO its organisation, a DRAO its departments only', async () => {
    const mine = await requests('', w.requester.token);
    expect(mine.items.every((r) => (r as unknown as { departmentId?: string }).departmentId === w.department)).toBe(true);
    expect((await requests('', w.outsider.token)).total).toBe(0);
    const rao = await requests('');
    expect(rao.items.some((r) => !(r as unknown as { departmentId?: string }).departmentId)).toBe(true);
    expect((await requests(`?organisationId=${w.org.orgId}`, w.org.mrao)).total).toBe(rao.total);
    expect((await api(w.outsider.token).get(`/api/v1/certificate-requests/${mine.items[0].id}`)).status).toBe(404);
  });

  it('10. an RAO\'s own held request: not approved by itself unless autoApprove covers it; then its requests pass at once', async () => {
    const orgPolicy = `/api/v1/organisations/${w.org.orgId}/request-policy`;
    expect(await put(w.approver.token, orgPolicy, { ...DEFAULTS, raoRequestsNeedApproval: true })).toMatchObject({ status: 403 });
    expect(await put(w.org.raos[0].token, orgPolicy, { ...DEFAULTS, raoRequestsNeedApproval: true })).toMatchObject({
      status: 200,
      body: { raoRequestsNeedApproval: true, defaults: false, setBy: w.raoId },
    });
    const held = await request(w.org.raos[0].token, { csr: csrFor(`own-${tag}.example.ac.uk`) });
    expect(held).toMatchObject({ status: 202, body: { status: 'requested', awaitingApproval: true } });
    expect(await rao().post(`/api/v1/certificate-requests/${held.body.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'SELF_APPROVAL_NOT_ALLOWED' } });
    expect((await put(w.org.raos[0].token, orgPolicy, { ...DEFAULTS, raoRequestsNeedApproval: true, autoApprove: true })).status).toBe(200);
    expect(await rao().post(`/api/v1/certificate-requests/${held.body.id}/approve`, {})).toMatchObject({ status: 201, body: { id: held.body.id, status: 'issued' } });
    const auto = await request(w.org.raos[0].token, { csr: csrFor(`auto-${tag}.example.ac.uk`) });
    expect(auto).toMatchObject({ status: 201, body: { status: 'issued' } });
    expect((await rao().get(`/api/v1/certificate-requests/${auto.body.id}`)).body).toMatchObject({ status: 'issued', approvedBy: w.raoId, autoApproved: true });
    // A DRAO's request is not approved by autoApprove (it is an RAO's and MRAO's setting).
    expect((await request(w.approver.token, { csr: csrFor(`drao-own-${tag}.example.ac.uk`) })).status).toBe(202);
    expect((await put(w.org.raos[0].token, orgPolicy, DEFAULTS)).status).toBe(200);
  });

  it('11. a department may have settings of its own, and go back to the organisation\'s', async () => {
    const path = `/api/v1/organisations/${w.org.orgId}/departments/${w.department}/request-policy`;
    expect(await api(w.requester.token).get(path)).toMatchObject({ status: 200, body: { ...DEFAULTS, inherited: true, departmentId: w.department } });
    expect((await api(w.outsider.token).get(path)).status).toBe(404);
    expect((await put(w.requester.token, path, NO_APPROVAL)).status).toBe(403);
    expect(await put(w.org.raos[0].token, path, NO_APPROVAL)).toMatchObject({ status: 200, body: { ...NO_APPROVAL, inherited: false } });
    expect((await put(w.org.raos[0].token, `/api/v1/organisations/${w.org.orgId}/departments/${randomUUID()}/request-policy`, NO_APPROVAL)).status).toBe(404);
    expect((await request(w.requester.token, { csr: csrFor(`dept-${tag}.example.ac.uk`) })).status).toBe(201);
    // A DRAO reads the organisation's policy with its own departments only.
    expect((await api(w.outsider.token).get(`/api/v1/organisations/${w.org.orgId}/request-policy`)).body.departments).toEqual([]);
    expect((await api(w.requester.token).get(`/api/v1/organisations/${w.org.orgId}/request-policy`)).body.departments).toEqual([
      expect.objectContaining({ departmentId: w.department, draoRequestsNeedApproval: false }),
    ]);
    expect(await api(w.org.raos[0].token).raw('DELETE', path)).toMatchObject({ status: 200, body: { inherited: true, draoRequestsNeedApproval: true } });
    expect((await request(w.requester.token, { csr: csrFor(`dept-again-${tag}.example.ac.uk`) })).status).toBe(202);
  });

  it('12. a refused request made again with its key is a new attempt; the listing shows the latest', async () => {
    const key = { 'Idempotency-Key': `retry-${tag}` };
    const wrongType = await request(w.requester.token, { csr: csrFor(`r1-${tag}.example.ac.uk`, `r2-${tag}.example.ac.uk`) }, key);
    expect(wrongType).toMatchObject({ status: 422, body: { code: 'CERTIFICATE_TYPE_SINGLE_NAME' } });
    const fixed = await request(w.requester.token, { csr: csrFor(`r1-${tag}.example.ac.uk`, `r2-${tag}.example.ac.uk`), certificateType: 'ov-multi-domain' }, key);
    expect(fixed).toMatchObject({ status: 202, body: { status: 'requested', certificateType: 'ov-multi-domain' } });
    const [row] = (await requests(`?name=r1-${tag}`)).items;
    expect(row).toMatchObject({ id: fixed.body.id, status: 'requested', awaitingApproval: true });
    expect(row).not.toHaveProperty('code');
    expect(row).not.toHaveProperty('reason');
  });
}
