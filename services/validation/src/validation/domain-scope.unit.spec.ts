import { deciderSpec } from '@platform/testing';
import { checkNames, isCovered } from './coverage';
import { METHOD_SCOPE } from './domain-scope';
import { given } from './validation.builders';
import { validationDecider } from './validation.decider';
import { DOMAIN_VALIDATION_METHODS, type DomainValidationMethod, type ValidationEvent } from './validation.events';
import { validationView } from './validation.view';

const spec = deciderSpec(validationDecider);
const T0 = '2026-11-26T10:00:00.000Z';
const at = new Date(T0);
const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY);

/** The organisation's domains after these validations: [domain, method, validatedAt]. */
const domainsAfter = (...validations: [string, DomainValidationMethod, string?][]) =>
  spec.given(validations.flatMap(([domain, method, when = T0]) => [given.token(domain, when), given.validated(domain, when, method)])).state.domains;

const EXACT_ONLY: DomainValidationMethod[] = ['http-file', 'acme-http-01'];
const WHOLE_DOMAIN: DomainValidationMethod[] = ['dns-txt', 'dns-cname', 'acme-dns-01', 'email', 'operator-assertion'];

describe('what a domain validation covers, by its method (BR 3.2.2.4)', () => {
  it('every method has a scope: the HTTP methods the name only, DNS, e-mail and the operator the whole domain', () => {
    expect([...DOMAIN_VALIDATION_METHODS].sort()).toEqual([...EXACT_ONLY, ...WHOLE_DOMAIN].sort());
    for (const method of EXACT_ONLY) expect([method, METHOD_SCOPE[method]]).toEqual([method, 'fqdn']);
    for (const method of WHOLE_DOMAIN) expect([method, METHOD_SCOPE[method]]).toEqual([method, 'subdomains']);
  });

  const edges: [string, string, boolean, boolean][] = [
    // name, what it is, covered by an HTTP validation of www.example.ac.uk, covered by a DNS / e-mail one
    ['www.example.ac.uk', 'the exact name', true, true],
    ['WWW.example.ac.uk'.toLowerCase(), 'the exact name (any case, as checked)', true, true],
    ['a.www.example.ac.uk', 'a subdomain', false, true],
    ['b.a.www.example.ac.uk', 'a deeper subdomain', false, true],
    ['*.www.example.ac.uk', 'a wildcard at the name', false, true],
    ['*.a.www.example.ac.uk', 'a wildcard below the name', false, true],
    ['api.example.ac.uk', 'a sibling', false, false],
    ['example.ac.uk', 'the parent', false, false],
    ['*.example.ac.uk', 'a wildcard at the parent', false, false],
    ['xwww.example.ac.uk', 'a name that only ends with the same letters', false, false],
  ];
  describe.each(EXACT_ONLY)('validated by %s', (method) => {
    it.each(edges)('%s (%s): %s', (name, _, byHttp) => {
      expect(isCovered(name, domainsAfter(['www.example.ac.uk', method]), at)).toBe(byHttp);
    });
  });
  describe.each(WHOLE_DOMAIN)('validated by %s', (method) => {
    it.each(edges)('%s (%s): by HTTP %s, here %s', (name, _, _byHttp, byDns) => {
      expect(isCovered(name, domainsAfter(['www.example.ac.uk', method]), at)).toBe(byDns);
    });
  });

  it('an expired validation covers nothing, whatever its method; one second before, it does', () => {
    for (const method of [...EXACT_ONLY, ...WHOLE_DOMAIN]) {
      const domains = domainsAfter(['example.ac.uk', method]);
      expect([method, isCovered('example.ac.uk', domains, new Date(plus(T0, 200).getTime() - 1000))]).toEqual([method, true]);
      expect([method, isCovered('example.ac.uk', domains, plus(T0, 200))]).toEqual([method, false]);
      expect([method, isCovered('www.example.ac.uk', domains, plus(T0, 200))]).toEqual([method, false]);
    }
  });

  it('mixed methods on parent and child: an HTTP child does not widen, a DNS parent covers the child and its wildcards', () => {
    const httpParent = domainsAfter(['example.ac.uk', 'http-file'], ['www.example.ac.uk', 'dns-txt']);
    expect(['example.ac.uk', 'www.example.ac.uk', 'a.www.example.ac.uk', '*.www.example.ac.uk'].map((n) => isCovered(n, httpParent, at))).toEqual([true, true, true, true]);
    expect(['api.example.ac.uk', '*.example.ac.uk'].map((n) => isCovered(n, httpParent, at))).toEqual([false, false]);

    const dnsParent = domainsAfter(['example.ac.uk', 'dns-txt'], ['www.example.ac.uk', 'acme-http-01']);
    expect(['www.example.ac.uk', 'a.www.example.ac.uk', '*.www.example.ac.uk', '*.example.ac.uk', 'api.example.ac.uk'].map((n) => isCovered(n, dnsParent, at))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('a later HTTP validation of a domain does not take away what its earlier DNS validation covers, until that one expires', () => {
    const domains = domainsAfter(['example.ac.uk', 'dns-txt', T0], ['example.ac.uk', 'http-file', plus(T0, 10).toISOString()]);
    expect(isCovered('www.example.ac.uk', domains, plus(T0, 199))).toBe(true);
    expect(isCovered('www.example.ac.uk', domains, plus(T0, 200))).toBe(false);
    expect(isCovered('example.ac.uk', domains, plus(T0, 209))).toBe(true);
    expect(isCovered('example.ac.uk', domains, plus(T0, 210))).toBe(false);
  });

  it('the check names the uncovered names; a department sees the same scope on its delegated domains', () => {
    const events: ValidationEvent[] = [
      given.submitted(T0),
      given.approved(T0),
      given.token('web.ac.uk', T0),
      given.validated('web.ac.uk', T0, 'acme-http-01'),
      given.delegated('web.ac.uk', ['physics'], T0),
    ];
    const { state } = spec.given(events);
    const names = ['web.ac.uk', 'www.web.ac.uk', '*.web.ac.uk'];
    expect(checkNames(state, { names, certificateType: 'ov-ssl' }, at).problems).toEqual([
      expect.objectContaining({ code: 'DOMAIN_NOT_VALIDATED', names: ['www.web.ac.uk', '*.web.ac.uk'] }),
    ]);
    expect(checkNames(state, { names: ['web.ac.uk'], departmentId: 'physics', certificateType: 'ov-ssl' }, at).allowed).toBe(true);
  });

  it('the portal shows each validation with its scope, and whether the domain covers subdomains now', () => {
    const { state } = spec.given([given.token('example.ac.uk', T0), given.validated('example.ac.uk', T0, 'http-file')]);
    expect(validationView('o', state, at, 'dcv.test').domains[0]).toMatchObject({
      status: 'validated',
      method: 'http-file',
      coversSubdomains: false,
      validations: [{ method: 'http-file', validatedAt: T0, validUntil: plus(T0, 200).toISOString(), scope: 'fqdn' }],
    });
  });
});

describe('stored DomainValidated events are read with their method (upcast)', () => {
  const stored = (data: Record<string, unknown>) => ({ type: 'DomainValidated', data: { organisationId: 'o', domain: 'old.ac.uk', validatedAt: T0, ...data } }) as ValidationEvent;

  it('keeps a known method: http-file recorded by ACME http-01 before this change covers the name only, dns-txt the domain', () => {
    const http = spec.given([stored({ method: 'http-file' })]).state.domains;
    expect([isCovered('old.ac.uk', http, at), isCovered('www.old.ac.uk', http, at)]).toEqual([true, false]);
    const dns = spec.given([stored({ method: 'dns-txt' })]).state.domains;
    expect([isCovered('old.ac.uk', dns, at), isCovered('www.old.ac.uk', dns, at)]).toEqual([true, true]);
  });

  it('reads a missing or unknown method as http-file: the name only, never more than was proven', () => {
    for (const data of [{}, { method: 'carrier-pigeon' }]) {
      const { domains } = spec.given([stored(data)]).state;
      expect(domains['old.ac.uk']).toMatchObject({ method: 'http-file', validations: { 'http-file': T0 } });
      expect([isCovered('old.ac.uk', domains, at), isCovered('www.old.ac.uk', domains, at), isCovered('*.old.ac.uk', domains, at)]).toEqual([true, false, false]);
    }
  });
});
