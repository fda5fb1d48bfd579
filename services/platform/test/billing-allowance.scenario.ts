import { performance } from 'node:perf_hooks';
import { organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

export interface AllowanceFigures {
  mode: string;
  requests: number;
  issued: number;
  exhausted: number;
  /** anything else, as `<status> <code>` → count */
  other: Record<string, number>;
  elapsedMs: number;
}

/**
 * Never over-issue: 200 certificate requests at once against an allowance of 50 (class A) give exactly
 * 50 certificates and 150 refusals with ALLOWANCE_EXHAUSTED, and the tally ends at 50 with nothing in flight.
 */
export function allowanceScenario(mode: string, platform: () => { url: string; operator: { email: string; password: string } }): void {
  it('200 concurrent requests against an allowance of 50: exactly 50 certificates and 150 ALLOWANCE_EXHAUSTED', async () => {
    const { url, operator } = platform();
    const org = await organisationWithSubscription(url, operator, { usageClass: 'A' });
    const rao = client(url, org.raos[0].token);
    const csrs = Array.from({ length: 200 }, (_, i) => makeCsr({ names: [`host${i}.example.ac.uk`], key: 'p256' }));

    const started = performance.now();
    const replies = await Promise.all(csrs.map((csr) => rao.post('/api/v1/certificates', { organisationId: org.orgId, csr })));
    const figures: AllowanceFigures = {
      mode,
      requests: replies.length,
      issued: replies.filter((r) => r.status === 201).length,
      exhausted: replies.filter((r) => r.status === 422 && r.body.code === 'ALLOWANCE_EXHAUSTED').length,
      other: replies
        .filter((r) => r.status !== 201 && r.body.code !== 'ALLOWANCE_EXHAUSTED')
        .reduce<Record<string, number>>((acc, r) => ({ ...acc, [`${r.status} ${r.body.code}`]: (acc[`${r.status} ${r.body.code}`] ?? 0) + 1 }), {}),
      elapsedMs: Math.round(performance.now() - started),
    };
    console.log(`allowance race (${mode}): ${JSON.stringify(figures)}`);
    expect(figures).toMatchObject({ requests: 200, issued: 50, exhausted: 150, other: {} });
    const refusal = replies.find((r) => r.status === 422)!;
    expect(refusal.contentType).toContain('application/problem+json');
    expect(refusal.body.detail).toContain('upgrade');

    const subscription = await eventually(async () => {
      const reply = await rao.get(`/api/v1/organisations/${org.orgId}/subscription`);
      return reply.body.tally === 50 ? reply.body : undefined;
    }, 30_000);
    expect(subscription).toMatchObject({ tally: 50, inFlight: 0, remaining: 0, allowance: 50 });
    const listed = await rao.get(`/api/v1/certificates?organisationId=${org.orgId}&pageSize=500`);
    expect(listed.body.total).toBe(50);
  });
}
