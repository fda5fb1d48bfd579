import { randomUUID } from 'node:crypto';
import { type Reply, client, eventually, signIn } from './http-client';
import { makeCsr } from './openssl';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Two organisations built through the REST API: A (departments A1, A2) and B (department B1). */
export interface ScopeWorld {
  orgA: string;
  orgB: string;
  a1: string;
  a2: string;
  b1: string;
  /** a domain of A delegated to A1, and one of B delegated to B1 */
  domainA1: string;
  domainB1: string;
  certA1: string;
  certB1: string;
  tokens: { mrao: string; raoA: string; raoB: string; draoA1: string; draoA2: string; draoB1: string };
  emails: Record<'raoA' | 'raoB' | 'draoA1' | 'draoA2' | 'draoB1', string>;
  adminIds: Record<'raoA' | 'raoB' | 'draoA1' | 'draoA2' | 'draoB1', string>;
}

const must = (what: string, reply: Reply, status = 201) => {
  if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/** Follows the invitation e-mailed to `email` and sets the password. */
export async function acceptInvitation(url: string, mrao: string, email: string, password = ADMIN_PASSWORD): Promise<void> {
  const mail = await eventually(async () => (await client(url, mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`)).body[0]);
  const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
  must('accept invitation', await client(url).post('/api/v1/auth/accept-invitation', { token, password }), 200);
}

/** Adds an admin with `grants` as `by`, accepts its invitation and signs it in. */
export async function addSignedInAdmin(url: string, mrao: string, by: string, email: string, grants: unknown[]) {
  const { adminId } = must(`add ${email}`, await client(url, by).post('/api/v1/admins', { email, name: email.split('@')[0], grants }));
  await acceptInvitation(url, mrao, email);
  return { adminId: adminId as string, token: await signIn(url, email, ADMIN_PASSWORD) };
}

export async function buildScopeWorld(url: string, operator: { email: string; password: string }): Promise<ScopeWorld> {
  const tag = randomUUID().slice(0, 6);
  const mrao = await signIn(url, operator.email, operator.password);
  const api = (token = mrao) => client(url, token);
  const org = async (name: string) => must('organisation', await api().post('/api/v1/organisations', { name, member: true })).id as string;
  const orgA = await org(`University A ${tag}`);
  const orgB = await org(`University B ${tag}`);
  const emails = {
    raoA: `rao.a-${tag}@a.example`,
    raoB: `rao.b-${tag}@b.example`,
    draoA1: `drao.a1-${tag}@a.example`,
    draoA2: `drao.a2-${tag}@a.example`,
    draoB1: `drao.b1-${tag}@b.example`,
  };
  const raoA = await addSignedInAdmin(url, mrao, mrao, emails.raoA, [{ role: 'RAO', organisationId: orgA }]);
  const raoB = await addSignedInAdmin(url, mrao, mrao, emails.raoB, [{ role: 'RAO', organisationId: orgB }]);
  const department = async (token: string, organisationId: string, name: string) =>
    must('department', await api(token).post(`/api/v1/organisations/${organisationId}/departments`, { name })).id as string;
  const a1 = await department(raoA.token, orgA, 'A1');
  const a2 = await department(raoA.token, orgA, 'A2');
  const b1 = await department(raoB.token, orgB, 'B1');
  // A1's DRAO holds every privilege of its role; A2's only what requesting and reading need.
  const draoA1 = await addSignedInAdmin(url, mrao, raoA.token, emails.draoA1, [{ role: 'DRAO', organisationId: orgA, departmentId: a1 }]);
  const draoA2 = await addSignedInAdmin(url, mrao, raoA.token, emails.draoA2, [
    { role: 'DRAO', organisationId: orgA, departmentId: a2, privileges: ['request-ssl', 'view-reports'] },
  ]);
  const draoB1 = await addSignedInAdmin(url, mrao, raoB.token, emails.draoB1, [{ role: 'DRAO', organisationId: orgB, departmentId: b1 }]);

  const domainA1 = `a1-${tag}.univ-a.ac.uk`;
  const domainB1 = `b1-${tag}.univ-b.ac.uk`;
  for (const [organisationId, domain, departmentId, rao] of [
    [orgA, domainA1, a1, raoA.token],
    [orgB, domainB1, b1, raoB.token],
  ] as const) {
    must('org validation', await api().post(`/api/v1/organisations/${organisationId}/validation/operator-assertion`, {}));
    must('domain validation', await api().post(`/api/v1/organisations/${organisationId}/domains/${domain}/operator-assertion`, {}));
    must('delegation', await api(rao).post(`/api/v1/organisations/${organisationId}/domains/${domain}/delegations`, { departmentIds: [departmentId] }));
    must('subscription', await api().post(`/api/v1/organisations/${organisationId}/subscription`, { usageClass: 'A' }));
    // These worlds are about scope, not approval: a DRAO's request is not held here (certificate-requests.e2e.spec.ts holds them).
    const noApproval = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: false, autoApprove: false };
    must('request policy', await api(rao).raw('PUT', `/api/v1/organisations/${organisationId}/request-policy`, noApproval), 200);
  }
  const certificate = async (token: string, organisationId: string, domain: string) =>
    must('certificate', await api(token).post('/api/v1/certificates', { organisationId, csr: makeCsr({ names: [`www.${domain}`], key: 'p256' }) })).id as string;
  return {
    orgA,
    orgB,
    a1,
    a2,
    b1,
    domainA1,
    domainB1,
    certA1: await certificate(draoA1.token, orgA, domainA1),
    certB1: await certificate(draoB1.token, orgB, domainB1),
    tokens: { mrao, raoA: raoA.token, raoB: raoB.token, draoA1: draoA1.token, draoA2: draoA2.token, draoB1: draoB1.token },
    emails,
    adminIds: { raoA: raoA.adminId, raoB: raoB.adminId, draoA1: draoA1.adminId, draoA2: draoA2.adminId, draoB1: draoB1.adminId },
  };
}
