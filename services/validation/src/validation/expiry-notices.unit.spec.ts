import { deciderSpec } from '@platform/testing';
import { given } from './validation.builders';
import { validationDecider } from './validation.decider';
import type { ValidationEvent } from './validation.events';

const spec = deciderSpec(validationDecider);
const T0 = '2026-11-26T10:00:00.000Z';
const notices = (events: ValidationEvent[], now: string) =>
  (spec.given(events).when({ type: 'RecordExpiryNotices', organisationId: 'o', at: new Date(now), by: 'system:validation' }).events ?? []).map((e) =>
    e.type === 'ValidationExpiryNoticed' ? [e.data.kind, e.data.domain, e.data.expiresAt] : [],
  );

/** RAOs are told 30 days before expiry: derived from state and the clock, once per expiry. */
describe('expiry notices', () => {
  // validated 2026-11-26 10:00 → domain expires after 200 days (2027-06-14), OV and EV after 398 (2027-12-29)
  const history = [given.submitted(T0), given.approved(T0), given.ev(T0), given.token('example.ac.uk', T0), given.validated('example.ac.uk', T0)];

  it.each([
    ['2027-05-15T09:59:59Z', []],
    ['2027-05-15T10:00:00Z', [['domain', 'example.ac.uk', '2027-06-14T10:00:00.000Z']]],
    ['2027-06-14T09:59:59Z', [['domain', 'example.ac.uk', '2027-06-14T10:00:00.000Z']]],
    ['2027-06-14T10:00:00Z', []],
    ['2027-11-29T09:59:59Z', []],
    [
      '2027-11-29T10:00:00Z',
      [
        ['organisation', undefined, '2027-12-29T10:00:00.000Z'],
        ['ev', undefined, '2027-12-29T10:00:00.000Z'],
      ],
    ],
    ['2027-12-29T10:00:00Z', []],
  ])('at %s: %j', (now, expected) => {
    expect(notices(history, now)).toEqual(expected);
  });

  it('once per expiry; a re-validation brings a new expiry and a new notice', () => {
    const noticed: ValidationEvent = {
      type: 'ValidationExpiryNoticed',
      data: { organisationId: 'o', kind: 'domain', domain: 'example.ac.uk', expiresAt: '2027-06-14T10:00:00.000Z', noticedAt: '2027-05-20T00:00:00.000Z' },
    };
    expect(notices([...history, noticed], '2027-05-21T00:00:00Z')).toEqual([]);
    const revalidated = given.validated('example.ac.uk', '2027-05-22T00:00:00.000Z');
    // validated after 2027-03-15: 100 days
    expect(notices([...history, noticed, revalidated], '2027-08-01T00:00:00Z')).toEqual([['domain', 'example.ac.uk', '2027-08-30T00:00:00.000Z']]);
  });
});
