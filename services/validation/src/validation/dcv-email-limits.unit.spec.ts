import type { DomainError } from '@platform/kernel';
import { deciderSpec } from '@platform/testing';
import { given } from './validation.builders';
import { validationDecider } from './validation.decider';
import type { ValidationEvent } from './validation.events';

const spec = deciderSpec(validationDecider);
const T0 = '2026-11-26T10:00:00.000Z';
const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE);
const limits = { perDomain: 5, perOrganisation: 20, windowMs: 60 * MINUTE };
const DOMAINS = ['a.ac.uk', 'b.ac.uk', 'c.ac.uk', 'd.ac.uk', 'e.ac.uk'];

const send = (domain: string, minutes: number, challengeId = `${domain}-${minutes}`) => ({
  organisationId: 'o',
  by: 'rao',
  type: 'RequestDomainValidationEmail' as const,
  domain,
  mailbox: 'hostmaster',
  challengeId,
  at: at(minutes),
  limits,
});
const sent = (domain: string, minutes: number): ValidationEvent => ({
  type: 'DomainValidationEmailRequested',
  data: {
    organisationId: 'o',
    domain,
    challengeId: `${domain}-${minutes}`,
    to: `hostmaster@${domain}`,
    requestedAt: at(minutes).toISOString(),
    expiresAt: at(minutes + 72 * 60).toISOString(),
  },
});
const added = DOMAINS.map((d) => given.token(d, T0));
const refusal = (outcome: { error?: unknown }) => outcome.error as DomainError | undefined;

describe('DCV e-mails are rate-limited per domain and per organisation (sliding hour, from the stream)', () => {
  it('a sixth e-mail for one domain within the hour is refused with when to retry, and records nothing; the others may still go', () => {
    const five = spec.given([...added, ...[0, 10, 20, 30, 40].map((m) => sent('a.ac.uk', m))]);
    const refused = five.when(send('a.ac.uk', 50));
    expect(refused.events).toBeUndefined();
    expect(refused.error).toMatchObject({
      code: 'DCV_EMAIL_RATE_LIMITED',
      kind: 'rate_limited',
      details: { domain: 'a.ac.uk', per: 'domain', limit: 5, retryAt: at(60).toISOString(), retryAfterSeconds: 600 },
    });
    expect(refusal(refused)?.message).toContain('At most 5 validation e-mails an hour for a.ac.uk');
    expect(five.when(send('b.ac.uk', 50)).events).toHaveLength(1);
  });

  it('the window slides: the oldest request leaving the hour lets one more through, not before', () => {
    const five = spec.given([...added, ...[0, 10, 20, 30, 40].map((m) => sent('a.ac.uk', m))]);
    expect(five.when({ ...send('a.ac.uk', 59), at: new Date(at(60).getTime() - 1) }).error?.code).toBe('DCV_EMAIL_RATE_LIMITED');
    expect(five.when(send('a.ac.uk', 60)).events).toHaveLength(1);
    // After that one, the next fits when the request of minute 10 leaves the window.
    const six = spec.given([...added, ...[0, 10, 20, 30, 40, 60].map((m) => sent('a.ac.uk', m))]);
    expect(refusal(six.when(send('a.ac.uk', 61)))?.details).toMatchObject({ retryAt: at(70).toISOString() });
  });

  it('the twenty-first e-mail of the organisation within the hour is refused whatever the domain', () => {
    const twenty = spec.given([...added, ...DOMAINS.flatMap((d, i) => [0, 1, 2, 3].map((m) => sent(d, i * 4 + m)))]);
    const refused = twenty.when(send('e.ac.uk', 30));
    expect(refused.error).toMatchObject({ code: 'DCV_EMAIL_RATE_LIMITED', details: { per: 'organisation', limit: 20, retryAt: at(60).toISOString() } });
    expect(refusal(refused)?.message).toContain('for this organisation');
    expect(twenty.when(send('e.ac.uk', 60)).events).toHaveLength(1);
  });

  it('when both limits are reached, the later retry time is given', () => {
    // a.ac.uk: 5 in minutes 30-34; the organisation: 15 more in minutes 0-14, so 20 in all.
    const events = [...added, ...[30, 31, 32, 33, 34].map((m) => sent('a.ac.uk', m)), ...Array.from({ length: 15 }, (_, i) => sent(DOMAINS[1 + (i % 4)], i))];
    expect(refusal(spec.given(events).when(send('a.ac.uk', 40)))?.details).toMatchObject({ per: 'domain', retryAt: at(90).toISOString() });
  });

  it('configured limits apply as given', () => {
    const one = spec.given([...added, sent('a.ac.uk', 0)]);
    expect(refusal(one.when({ ...send('a.ac.uk', 1), limits: { ...limits, perDomain: 1 } }))?.details).toMatchObject({ limit: 1, retryAt: at(60).toISOString() });
    expect(one.when({ ...send('a.ac.uk', 1), limits: { ...limits, perDomain: 2 } }).events).toHaveLength(1);
  });
});
