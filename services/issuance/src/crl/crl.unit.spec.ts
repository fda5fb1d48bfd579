import { deciderSpec } from '@platform/testing';
import { type CrlPublishedData, type CrlState, crlDecider, crlDue, upcastCrlPublished } from './crl.decider';

const published = (over: Partial<CrlPublishedData> = {}): CrlPublishedData => ({
  issuerId: 'tls-rsa',
  number: 1,
  thisUpdate: '2026-11-26T00:00:00.000Z',
  nextUpdate: '2026-12-03T00:00:00.000Z',
  coveredPosition: '10',
  entries: 0,
  ...over,
});

describe('CRL aggregate', () => {
  const spec = deciderSpec(crlDecider);

  it('numbers CRLs 1, 2, 3... and refuses a number that is not next', () => {
    expect(spec.given([]).when({ type: 'PublishCrl', crl: published() }).events).toEqual([{ type: 'CrlPublished', data: published() }]);
    const given = [{ type: 'CrlPublished' as const, data: published() }];
    expect(spec.given(given).when({ type: 'PublishCrl', crl: published({ number: 2 }) }).events).toHaveLength(1);
    expect(spec.given(given).when({ type: 'PublishCrl', crl: published({ number: 1 }) }).error?.code).toBe('CRL_NUMBER_TAKEN');
    expect(spec.given(given).when({ type: 'PublishCrl', crl: published({ number: 3 }) }).error?.code).toBe('CRL_NUMBER_TAKEN');
  });

  it('is due when none exists, after an uncovered revocation, or when a day old; not otherwise', () => {
    const state: CrlState = { status: 'published', latest: published() };
    const at = (iso: string) => new Date(iso);
    expect(crlDue({ status: 'none' }, at('2026-11-26T00:00:00Z'))).toBe(true);
    expect(crlDue(state, at('2026-11-26T23:59:59Z'))).toBe(false);
    expect(crlDue(state, at('2026-11-27T00:00:00Z'))).toBe(true);
    expect(crlDue(state, at('2026-11-26T01:00:00Z'), 10n)).toBe(false);
    expect(crlDue(state, at('2026-11-26T01:00:00Z'), 11n)).toBe(true);
  });

  it('upcasts publications stored with the CRL bytes: the bytes are dropped, number and times kept', () => {
    const old = { ...published({ number: 41, coveredPosition: '900' }), crlDer: 'MIIB'.repeat(1000) };
    expect(upcastCrlPublished(old)).toEqual(published({ number: 41, coveredPosition: '900' }));
    const state = spec.given([{ type: 'CrlPublished', data: old }]).state;
    expect(state).toEqual({ status: 'published', latest: published({ number: 41, coveredPosition: '900' }) });
    // Numbering goes on from the old stream: 42 next, never 1 again.
    expect(spec.given([{ type: 'CrlPublished', data: old }]).when({ type: 'PublishCrl', crl: published({ number: 42 }) }).events).toHaveLength(1);
  });
});
