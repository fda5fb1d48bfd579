import { deciderSpec } from '@platform/testing';
import { checkNames, isCovered } from './coverage';
import { domainReuseDays } from './reuse-periods';
import { given } from './validation.builders';
import { validationDecider } from './validation.decider';
import { domainView } from './validation.view';

const spec = deciderSpec(validationDecider);
const T0 = '2026-11-26T10:00:00.000Z';
const at = new Date(T0);
const base = { organisationId: 'o', at, by: 'rao' };
const TOKEN = 'a'.repeat(48);
const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY);
const limits = { perDomain: 5, perOrganisation: 20, windowMs: 3_600_000 };

describe('adding a domain', () => {
  it('issues a token; a second add within 30 days keeps it, after 30 days gives a fresh one', () => {
    expect(spec.given([]).when({ ...base, type: 'AddDomain', domain: 'example.ac.uk', token: TOKEN }).events).toEqual([
      { type: 'DomainTokenIssued', data: { organisationId: 'o', domain: 'example.ac.uk', token: TOKEN, issuedAt: T0 } },
    ]);
    const added = spec.given([given.token('example.ac.uk', T0)]);
    expect(added.when({ ...base, at: plus(T0, 29), type: 'AddDomain', domain: 'example.ac.uk', token: 'b'.repeat(48) }).events).toEqual([]);
    expect(added.when({ ...base, at: plus(T0, 30), type: 'AddDomain', domain: 'example.ac.uk', token: 'b'.repeat(48) }).events![0]).toMatchObject({
      data: { token: 'b'.repeat(48) },
    });
  });

  it('refuses what is not a domain name', () => {
    for (const domain of ['*.example.ac.uk', 'localhost', 'bad_name.ac.uk', '-x.ac.uk', `${'a'.repeat(64)}.ac.uk`])
      expect(spec.given([]).when({ ...base, type: 'AddDomain', domain, token: TOKEN }).error?.code).toBe('DOMAIN_NAME_INVALID');
  });

  it('shows where to publish the token for each method', () => {
    const { state } = spec.given([given.token('example.ac.uk', T0)]);
    expect(domainView('example.ac.uk', state.domains['example.ac.uk'], at, 'dcv.ca.test')).toEqual({
      domain: 'example.ac.uk',
      status: 'pending',
      departmentIds: [],
      challenge: {
        token: TOKEN,
        expiresAt: plus(T0, 30).toISOString(),
        dnsTxt: { name: '_pki-validation.example.ac.uk', value: TOKEN },
        dnsCname: { name: `_${TOKEN}.example.ac.uk`, target: 'dcv.ca.test' },
        httpFile: { url: `http://example.ac.uk/.well-known/pki-validation/${TOKEN}.txt`, content: TOKEN },
        emailTo: ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'].map((m) => `${m}@example.ac.uk`),
      },
    });
  });
});

describe('recording domain control', () => {
  const added = spec.given([given.token('example.ac.uk', T0)]);

  it('validates with the token that was found', () => {
    expect(added.when({ ...base, type: 'RecordDomainControl', domain: 'example.ac.uk', method: 'dns-txt', token: TOKEN }).events).toEqual([
      { type: 'DomainValidated', data: { organisationId: 'o', domain: 'example.ac.uk', validatedAt: T0, method: 'dns-txt' } },
    ]);
  });

  it('refuses an unknown domain, a stale token, or a token that changed meanwhile', () => {
    expect(added.when({ ...base, type: 'RecordDomainControl', domain: 'other.ac.uk', method: 'dns-txt', token: TOKEN }).error?.code).toBe('DOMAIN_NOT_ADDED');
    expect(added.when({ ...base, at: plus(T0, 30), type: 'RecordDomainControl', domain: 'example.ac.uk', method: 'http-file', token: TOKEN }).error?.code).toBe(
      'DCV_TOKEN_EXPIRED',
    );
    expect(added.when({ ...base, type: 'RecordDomainControl', domain: 'example.ac.uk', method: 'dns-cname', token: 'c'.repeat(48) }).error?.code).toBe(
      'DCV_TOKEN_CHANGED',
    );
  });

  it('e-mail: a one-time link to one of the five addresses, valid 72 hours, usable once', () => {
    const requested = added.when({ ...base, type: 'RequestDomainValidationEmail', domain: 'example.ac.uk', mailbox: 'hostmaster', challengeId: 'c1', limits });
    expect(requested.events).toEqual([
      {
        type: 'DomainValidationEmailRequested',
        data: { organisationId: 'o', domain: 'example.ac.uk', challengeId: 'c1', to: 'hostmaster@example.ac.uk', requestedAt: T0, expiresAt: '2026-11-29T10:00:00.000Z' },
      },
    ]);
    const mailed = spec.given([given.token('example.ac.uk', T0), ...requested.events!]);
    const confirm = { ...base, type: 'ConfirmDomainValidationEmail' as const, domain: 'example.ac.uk', challengeId: 'c1' };
    const confirmed = mailed.when({ ...confirm, at: plus(T0, 1) });
    expect(confirmed.events).toEqual([
      { type: 'DomainValidated', data: { organisationId: 'o', domain: 'example.ac.uk', validatedAt: plus(T0, 1).toISOString(), method: 'email', challengeId: 'c1' } },
    ]);
    expect(spec.given([given.token('example.ac.uk', T0), ...requested.events!, ...confirmed.events!]).when(confirm).error?.code).toBe('DCV_LINK_USED');
    expect(mailed.when({ ...confirm, at: plus(T0, 3) }).error?.code).toBe('DCV_LINK_EXPIRED');
    expect(mailed.when({ ...confirm, challengeId: 'nope' }).error?.code).toBe('DCV_LINK_INVALID');
  });
});

describe('reuse periods and coverage', () => {
  it.each([
    ['2026-03-14T23:59:59Z', 398],
    ['2026-03-15T00:00:00Z', 200],
    ['2027-03-14T23:59:59Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-14T23:59:59Z', 100],
    ['2029-03-15T00:00:00Z', 10],
  ])('a domain validated at %s is reusable for %d days (SC-081)', (date, days) => {
    expect(domainReuseDays(new Date(date))).toBe(days);
    const { state } = spec.given([given.submitted(date), given.approved(date), given.token('example.ac.uk', date), given.validated('example.ac.uk', date)]);
    const names = { names: ['www.example.ac.uk'], certificateType: 'ov-ssl' as const };
    expect(checkNames(state, names, new Date(Date.parse(date) + days * DAY - 1000)).allowed).toBe(true);
    expect(checkNames(state, names, new Date(Date.parse(date) + days * DAY)).problems.map((p) => p.code)).toContain('DOMAIN_NOT_VALIDATED');
  });

  it.each([
    ['example.ac.uk', true],
    ['www.example.ac.uk', true],
    ['a.b.example.ac.uk', true],
    ['*.example.ac.uk', true],
    ['*.www.example.ac.uk', true],
    ['badexample.ac.uk', false],
    ['ac.uk', false],
    ['*.ac.uk', false],
    ['example.ac.uk.evil.test', false],
    ['person@example.ac.uk', true],
    ['person@elsewhere.ac.uk', false],
  ])('example.ac.uk validated by DNS covers %s: %s', (name, covered) => {
    const { state } = spec.given([given.token('example.ac.uk', T0), given.validated('example.ac.uk', T0, 'dns-txt')]);
    expect(isCovered(name.slice(name.lastIndexOf('@') + 1), state.domains, at)).toBe(covered);
  });

  it('lists every uncovered name in one problem, with the organisation problem', () => {
    const { state } = spec.given([given.token('example.ac.uk', T0), given.validated('example.ac.uk', T0)]);
    expect(checkNames(state, { names: ['www.example.ac.uk', 'www.other.ac.uk', 'badexample.ac.uk'], certificateType: 'ov-ssl' }, at).problems).toEqual([
      expect.objectContaining({ code: 'ORG_NOT_VALIDATED' }),
      expect.objectContaining({ code: 'DOMAIN_NOT_VALIDATED', names: ['www.other.ac.uk', 'badexample.ac.uk'] }),
    ]);
  });

  it('a subdomain validated on its own does not cover its parent', () => {
    const { state } = spec.given([given.token('www.example.ac.uk', T0), given.validated('www.example.ac.uk', T0)]);
    expect(checkNames(state, { names: ['example.ac.uk', 'a.www.example.ac.uk'], certificateType: 'ov-ssl' }, at).problems[1].names).toEqual(['example.ac.uk']);
  });
});

describe('delegation to departments', () => {
  const validated = [given.submitted(T0), given.approved(T0), given.token('example.ac.uk', T0), given.validated('example.ac.uk', T0), given.token('other.ac.uk', T0)];

  it('an RAO delegates a validated domain to departments; only new ones are recorded', () => {
    expect(spec.given(validated).when({ ...base, type: 'DelegateDomain', domain: 'example.ac.uk', departmentIds: ['physics', 'chemistry', 'physics'] }).events).toEqual([
      { type: 'DomainDelegated', data: { organisationId: 'o', domain: 'example.ac.uk', departmentIds: ['physics', 'chemistry'], delegatedAt: T0 } },
    ]);
    expect(spec.given([...validated, given.delegated('example.ac.uk', ['physics'], T0)]).when({ ...base, type: 'DelegateDomain', domain: 'example.ac.uk', departmentIds: ['physics'] }).events).toEqual([]);
  });

  it('refuses a domain not validated (or not added)', () => {
    expect(spec.given(validated).when({ ...base, type: 'DelegateDomain', domain: 'other.ac.uk', departmentIds: ['physics'] }).error?.code).toBe('DOMAIN_NOT_VALIDATED');
    expect(spec.given(validated).when({ ...base, type: 'DelegateDomain', domain: 'none.ac.uk', departmentIds: ['physics'] }).error?.code).toBe('DOMAIN_NOT_ADDED');
  });

  it.each([
    [undefined, ['www.example.ac.uk'], []],
    ['physics', ['www.example.ac.uk', '*.lab.example.ac.uk'], []],
    ['chemistry', ['www.example.ac.uk'], [['DOMAIN_NOT_DELEGATED', ['www.example.ac.uk']]]],
    ['physics', ['www.example.ac.uk', 'www.nowhere.ac.uk'], [['DOMAIN_NOT_VALIDATED', ['www.nowhere.ac.uk']]]],
  ])('a request for department %s with names %j: problems %j', (departmentId, names, problems) => {
    const { state } = spec.given([...validated, given.delegated('example.ac.uk', ['physics'], T0)]);
    const result = checkNames(state, { names, departmentId, certificateType: 'ov-ssl' }, at);
    expect(result.problems.map((p) => [p.code, p.names])).toEqual(problems);
  });

  describe('a subdomain added under a validated domain', () => {
    const sub = 'physics.example.ac.uk';
    const withSub = (method: 'dns-txt' | 'email' | 'http-file') => [
      given.submitted(T0),
      given.approved(T0),
      given.token('example.ac.uk', T0),
      given.validated('example.ac.uk', T0, method),
      given.token(sub, T0),
    ];

    it.each(['dns-txt', 'email'] as const)('under a %s validation: shows as covered by it and is delegated', (method) => {
      const { state } = spec.given(withSub(method));
      expect(domainView(sub, state.domains[sub], at, 'dcv.ca.test', state.domains)).toMatchObject({
        status: 'validated',
        coveredBy: 'example.ac.uk',
        coversSubdomains: true,
        validUntil: plus(T0, domainReuseDays(at)).toISOString(),
      });
      expect(spec.given(withSub(method)).when({ ...base, type: 'DelegateDomain', domain: sub, departmentIds: ['physics'] }).events).toEqual([
        { type: 'DomainDelegated', data: { organisationId: 'o', domain: sub, departmentIds: ['physics'], delegatedAt: T0 } },
      ]);
      // The department gets the subtree it was given, not its parent.
      const delegated = spec.given([...withSub(method), given.delegated(sub, ['physics'], T0)]).state;
      const names = ['www.physics.example.ac.uk', '*.physics.example.ac.uk', 'www.example.ac.uk'];
      expect(checkNames(delegated, { names, departmentId: 'physics', certificateType: 'ov-ssl' }, at).problems).toEqual([
        expect.objectContaining({ code: 'DOMAIN_NOT_DELEGATED', names: ['www.example.ac.uk'] }),
      ]);
    });

    it('under an HTTP file validation (that exact name only): pending, and not delegable', () => {
      const { state } = spec.given(withSub('http-file'));
      const view = domainView(sub, state.domains[sub], at, 'dcv.ca.test', state.domains);
      expect(view).toMatchObject({ status: 'pending' });
      expect(view.coveredBy).toBeUndefined();
      expect(spec.given(withSub('http-file')).when({ ...base, type: 'DelegateDomain', domain: sub, departmentIds: ['physics'] }).error?.code).toBe(
        'DOMAIN_NOT_VALIDATED',
      );
    });
  });
});
