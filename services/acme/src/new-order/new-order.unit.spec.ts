import { AcmeProblem } from '../http/acme-problem';
import { parseProfile } from './new-order';

describe('the profile of a new order', () => {
  it('is the binding\'s family when the client names none (certbot 2.x); accounts from before families are OV', () => {
    expect(parseProfile({ identifiers: [] }, { family: 'ev' })).toBe('ev');
    expect(parseProfile({ identifiers: [] }, {})).toBe('ov');
  });

  it('is the one named, when the binding allows it: an EV binding may order OV, an OV binding never EV', () => {
    expect(parseProfile({ profile: 'ov' }, { family: 'ev' })).toBe('ov');
    expect(parseProfile({ profile: 'ev' }, { family: 'ev' })).toBe('ev');
    expect(() => parseProfile({ profile: 'ev' }, { family: 'ov' })).toThrow(
      expect.objectContaining({ type: 'unauthorized', status: 403, code: 'ACME_PROFILE_NOT_ALLOWED', detail: expect.stringContaining('"family": "ev"') }),
    );
  });

  it.each([['shortlived'], [''], [42], [null], ['toString'], ['__proto__']])('refuses %j as invalidProfile, naming the profiles offered', (profile) => {
    let error: unknown;
    try {
      parseProfile({ profile }, { family: 'ev' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AcmeProblem);
    expect(error).toMatchObject({ type: 'invalidProfile', status: 400, code: 'ACME_PROFILE_UNKNOWN', detail: expect.stringContaining('ov and ev') });
  });
});
