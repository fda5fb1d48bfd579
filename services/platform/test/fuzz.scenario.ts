import { randomUUID } from 'node:crypto';
import { type FuzzCase, type OpenApiDocument, gatewayCases } from './fuzz.cases';
import { acmeCases } from './fuzz.acme-cases';
import { RawAcmeClient } from './acme-raw-client';
import { type Reply, client, signIn } from './http-client';
import { makeCsr } from './openssl';

export interface FuzzTarget {
  url: string;
  acmeUrl: string;
  operator: { email: string; password: string };
  /** events in every service's store, summed: a refused request must not move it */
  eventCount(): Promise<number>;
  /** single process: moves the clock past a rate-limit window, so a 429 does not hide the check behind it */
  advanceClock?(ms: number): void;
}

export interface Sent {
  label: string;
  send(): Promise<Reply>;
  /** 2xx allowed (a read of a real resource, or a protocol with its own error replies) */
  mayRead?: boolean;
  /** an ACME endpoint: the problem must be an ACME one */
  acme?: boolean;
}

export interface FuzzResult {
  sent: number;
  byStatus: Record<number, number>;
  findings: string[];
}

const must = (what: string, reply: Reply, status = 201) => {
  if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/**
 * Builds a small world through the API (an organisation with a department, a validated domain, a
 * subscription, a certificate, an admin, an ACME account), then sends every case and checks each
 * answer: no 5xx, a refusal as problem+json (an ACME problem at ACME), and no event appended.
 */
export async function fuzzPlatform(target: FuzzTarget, seed: number): Promise<FuzzResult> {
  let token = await signIn(target.url, target.operator.email, target.operator.password);
  let signedInAt = 0;
  let advanced = 0;
  const api = () => client(target.url, token);
  const tag = randomUUID().slice(0, 6);
  const organisationId = must('organisation', await api().post('/api/v1/organisations', { name: `Fuzz University ${tag}`, member: true })).id as string;
  const departmentId = must('department', await api().post(`/api/v1/organisations/${organisationId}/departments`, { name: 'Fuzz department' })).id as string;
  const domain = `fuzz-${tag}.ac.uk`;
  must('org validation', await api().post(`/api/v1/organisations/${organisationId}/validation/operator-assertion`, {}));
  must('domain', await api().post(`/api/v1/organisations/${organisationId}/domains/${domain}/operator-assertion`, {}));
  must('subscription', await api().post(`/api/v1/organisations/${organisationId}/subscription`, { usageClass: 'A' }));
  const csr = makeCsr({ names: [`www.${domain}`], key: 'p256' });
  const certificateId = must('certificate', await api().post('/api/v1/certificates', { organisationId, csr })).id as string;
  const grants = [{ role: 'DRAO', organisationId, departmentId, privileges: ['request-ssl'] }];
  const adminId = must('admin', await api().post('/api/v1/admins', { email: `fuzz-${tag}@example.ac.uk`, name: 'Fuzz Admin', grants })).adminId as string;
  const binding = must('acme binding', await api().post('/api/v1/acme/bindings', { organisationId }));
  const acme = await RawAcmeClient.create(target.acmeUrl);
  const registered = await acme.register(binding);
  if (registered.status !== 201) throw new Error(`acme account: ${registered.status} ${JSON.stringify(registered.body)}`);

  // A certificate's id is its (issued) request's too.
  const values = { organisationId, departmentId, adminId, certificateId, requestId: certificateId, domain, file: 'tls-ecdsa.crl' };
  const approvalSettings = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: true, autoApprove: false };
  const bases: Record<string, Record<string, unknown>> = {
    'POST /api/v1/auth/sign-in': { email: `nobody-${tag}@example.ac.uk`, password: 'not the password' },
    'POST /api/v1/auth/refresh': { refreshToken: 'not-a-token' },
    'POST /api/v1/auth/sign-out': { refreshToken: 'not-a-token' },
    'POST /api/v1/auth/api-token': { credential: 'not-a-credential' },
    'POST /api/v1/auth/accept-invitation': { token: 'not-a-token', password: 'a long enough password' },
    'POST /api/v1/auth/password': { currentPassword: 'not the password', newPassword: 'another long password' },
    'POST /api/v1/admins': { email: `new-${tag}@example.ac.uk`, name: 'New Admin', grants },
    'PUT /api/v1/admins/{adminId}/grants': { grants },
    'POST /api/v1/organisations': { name: `Another ${tag}`, member: false },
    'POST /api/v1/organisations/{organisationId}/departments': { name: 'Another department' },
    'POST /api/v1/organisations/{organisationId}/admins': { email: `rao-${tag}@example.ac.uk`, name: 'An RAO', role: 'RAO' },
    'POST /api/v1/organisations/{organisationId}/subscription': { usageClass: 'A' },
    'POST /api/v1/organisations/{organisationId}/subscription/upgrade': { usageClass: 'B' },
    'POST /api/v1/organisations/{organisationId}/subscription/renewal': { poNumber: 'PO-1' },
    'POST /api/v1/organisations/{organisationId}/subscription/purchase-order': { poNumber: 'PO-1', invoiceNumber: 'INV-1' },
    'POST /api/v1/renewals/{renewalLink}': { poNumber: 'PO-1' },
    'POST /api/v1/certificates': { organisationId, csr },
    'POST /api/v1/certificates/{certificateId}/revoke': { reason: 'superseded' },
    'POST /api/v1/organisations/{organisationId}/validation/details': {
      legalName: 'Fuzz University',
      street: '1 Road',
      locality: 'Town',
      state: 'County',
      postalCode: 'AB1 2CD',
      country: 'GB',
      registrationNumber: 'RC000001',
    },
    'POST /api/v1/organisations/{organisationId}/validation/ev': {
      jurisdictionCountry: 'GB',
      businessCategory: 'Government Entity',
      registrationNumber: 'RC000001',
    },
    'POST /api/v1/organisations/{organisationId}/domains': { domain: `other-${tag}.ac.uk` },
    'POST /api/v1/organisations/{organisationId}/domains/{domain}/check': { method: 'dns-txt' },
    'POST /api/v1/organisations/{organisationId}/domains/{domain}/email': { mailbox: 'admin' },
    'POST /api/v1/organisations/{organisationId}/domains/{domain}/delegations': { departmentIds: [departmentId] },
    'POST /api/v1/domain-validations/email/confirm': { token: 'not-a-token' },
    'POST /api/v1/acme/bindings': { organisationId },
    'POST /api/v1/certificate-requests/{requestId}/decline': { reason: 'fuzz' },
    'PUT /api/v1/organisations/{organisationId}/request-policy': approvalSettings,
    'PUT /api/v1/organisations/{organisationId}/departments/{departmentId}/request-policy': approvalSettings,
  };
  const doc = (await client(target.url).get('/api/openapi.json')).body as OpenApiDocument;
  const toSent = (c: FuzzCase): Sent => ({
    label: c.label,
    mayRead: c.mayRead,
    send: () => client(target.url, token).raw(c.method, c.path, c.body, c.headers ?? {}),
  });
  const cases: Sent[] = [...gatewayCases(doc, values, bases, seed).map(toSent), ...(await acmeCases(acme, target.acmeUrl, seed))];
  if (cases.length < 1000) throw new Error(`only ${cases.length} cases: the OpenAPI document lost its operations?`);

  const result: FuzzResult = { sent: 0, byStatus: {}, findings: [] };
  let before = await target.eventCount();
  for (const c of cases) {
    let reply = await c.send().catch((e: Error) => ({ status: 0, contentType: '', body: `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` }) as Reply);
    if (reply.status === 429 && target.advanceClock) {
      // A new window; and a fresh access token once the clock has run most of its 15 minutes.
      target.advanceClock(61_000);
      advanced += 61_000;
      if (advanced - signedInAt > 10 * 60_000) {
        token = await signIn(target.url, target.operator.email, target.operator.password);
        signedInAt = advanced;
      }
      reply = await c.send();
    }
    result.sent += 1;
    result.byStatus[reply.status] = (result.byStatus[reply.status] ?? 0) + 1;
    const after = await target.eventCount();
    const problem = misfit(c, reply);
    if (problem) result.findings.push(`${c.label}: ${problem}`);
    if (after !== before) result.findings.push(`${c.label}: ${after - before} event(s) appended by a request answered ${reply.status}`);
    before = after;
  }
  return result;
}

/** Undefined when the reply is a proper refusal; otherwise what is wrong with it. */
function misfit(c: Sent, reply: Reply): string | undefined {
  const { status } = reply;
  const body = typeof reply.body === 'string' ? reply.body.slice(0, 200) : JSON.stringify(reply.body).slice(0, 200);
  if (status === 0) return `no answer (${body})`;
  if (status >= 500) return `${status} ${body}`;
  if (status < 400) return c.mayRead ? undefined : `accepted (${status} ${body})`;
  if (!reply.contentType.startsWith('application/problem+json')) return `${status} without problem+json (${reply.contentType})`;
  if (c.acme && !String(reply.body?.type ?? '').startsWith('urn:ietf:params:acme:error:')) return `${status} not an ACME problem (${body})`;
  return undefined;
}
