import { randomUUID } from 'node:crypto';
import { client, eventually, signIn } from './http-client';

export interface OrganisationUnderTest {
  mrao: string;
  orgId: string;
  raos: { email: string; token: string }[];
  /** new access tokens for everyone (after the test moved the clock past their lifetime) */
  signInAgain(newUrl?: string): Promise<void>;
}

const RAO_PASSWORD = 'correct horse battery staple';

/**
 * The skeleton's first steps as a builder for billing scenarios: an organisation, `raoCount` RAOs
 * who accepted their invitations and signed in, the organisation and example.ac.uk validated, and a
 * subscription of `usageClass` starting on `startsOn` (default: today by the platform's clock).
 */
export async function organisationWithSubscription(
  url: string,
  operator: { email: string; password: string },
  opts: { usageClass: string; raoCount?: number; member?: boolean; startsOn?: string; name?: string; validate?: boolean; poNumber?: string },
): Promise<OrganisationUnderTest> {
  const api = (token?: string) => client(url, token);
  const mrao = await signIn(url, operator.email, operator.password);
  const org = await api(mrao).post('/api/v1/organisations', { name: opts.name ?? `University ${randomUUID().slice(0, 6)}`, member: opts.member ?? true });
  if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
  const orgId: string = org.body.id;
  const raos: { email: string; token: string }[] = [];
  for (let i = 0; i < (opts.raoCount ?? 1); i++) {
    const email = `rao${i + 1}-${randomUUID().slice(0, 8)}@example.ac.uk`;
    const invited = await api(mrao).post(`/api/v1/organisations/${orgId}/admins`, { email, name: `Rao ${i + 1}`, role: 'RAO' });
    if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
    const mail = await eventually(async () => {
      const outbox = await api(mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`);
      return outbox.body.length > 0 ? outbox.body[0] : undefined;
    });
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
    const password = RAO_PASSWORD;
    const accepted = await api().post('/api/v1/auth/accept-invitation', { token, password });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    raos.push({ email, token: await signIn(url, email, password) });
  }
  if (opts.validate !== false) await validateOrganisation(url, mrao, orgId);
  const subscription = await api(mrao).post(`/api/v1/organisations/${orgId}/subscription`, {
    usageClass: opts.usageClass,
    ...(opts.startsOn ? { startsOn: opts.startsOn } : {}),
    ...(opts.poNumber ? { poNumber: opts.poNumber } : {}),
  });
  if (subscription.status !== 201) throw new Error(`subscription: ${subscription.status} ${JSON.stringify(subscription.body)}`);
  const result: OrganisationUnderTest = {
    mrao,
    orgId,
    raos,
    async signInAgain(newUrl = url) {
      result.mrao = await signIn(newUrl, operator.email, operator.password);
      for (const rao of result.raos) rao.token = await signIn(newUrl, rao.email, RAO_PASSWORD);
    },
  };
  return result;
}

/** The operator asserts the organisation and example.ac.uk as validated (by the platform's clock, so again after a long clock jump). */
export async function validateOrganisation(url: string, mrao: string, orgId: string): Promise<void> {
  const api = client(url, mrao);
  const org = await api.post(`/api/v1/organisations/${orgId}/validation/operator-assertion`, {});
  if (org.status >= 300) throw new Error(`organisation validation: ${org.status} ${JSON.stringify(org.body)}`);
  const domain = await api.post(`/api/v1/organisations/${orgId}/domains/example.ac.uk/operator-assertion`, {});
  if (domain.status >= 300) throw new Error(`domain validation: ${domain.status} ${JSON.stringify(domain.body)}`);
}
