import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';

/**
 * Issue 18: a NUL or a lone surrogate in any REST input is refused at the gateway (400
 * INVALID_STRING, the field named) and stores nothing. Before, a renewal stored it (and broke the
 * invoices read model on SQLite), PostgreSQL refused it with a 500 (22P05 / 22P02), and
 * `/notifications/outbox?to=%00` was a 500.
 */
export function hostileStringsScenario(platform: () => { url: string; operator: { email: string; password: string } }): void {
  let org: OrganisationUnderTest;
  const api = (token?: string) => client(platform().url, token);
  const events = async () => (await api(org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription/events`)).body as { type: string }[];

  beforeAll(async () => {
    org = await organisationWithSubscription(platform().url, platform().operator, { usageClass: 'A', validate: false });
  });

  it('a renewal whose PO number holds a NUL or a lone surrogate is refused (400 INVALID_STRING, the field named) and stores nothing', async () => {
    const before = await events();
    for (const poNumber of ['PO\u0000X', 'PO\uD800X']) {
      const reply = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/renewal`, { poNumber });
      expect(reply).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json'), body: { code: 'INVALID_STRING' } });
      expect(reply.body.errors).toEqual([expect.objectContaining({ in: 'body', path: 'poNumber' })]);
    }
    const nested = await api(org.raos[0].token).post(`/api/v1/organisations/${org.orgId}/subscription/renewal`, { poNumber: 'PO-1', extra: [{ note: 'a\u0000' }] });
    expect(nested.body).toMatchObject({ code: 'INVALID_STRING', errors: [{ path: 'extra[0].note' }] });
    expect(await events()).toEqual(before);
  });

  it('a NUL in a query parameter or a path segment is refused as well, not a 500', async () => {
    const outbox = await api(org.mrao).get('/api/v1/notifications/outbox?to=%00');
    expect(outbox).toMatchObject({ status: 400, body: { code: 'INVALID_STRING', errors: [{ in: 'query', path: 'to' }] } });
    const path = await api(org.mrao).get('/api/v1/organisations/a%00b/subscription');
    expect(path).toMatchObject({ status: 400, body: { code: 'INVALID_STRING', errors: [{ in: 'path' }] } });
    // The same listing with an ordinary address still answers.
    expect((await api(org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(org.raos[0].email)}`)).status).toBe(200);
  });
}
