import { deciderSpec } from '@platform/testing';
import { checkNames } from './coverage';
import { domainReuseDays } from './reuse-periods';
import { validationDecider } from './validation.decider';

const at = new Date('2026-11-26T10:00:00Z');

describe('validation record', () => {
  const spec = deciderSpec(validationDecider);

  it('records a domain validation, lower-case LDH names only', () => {
    expect(spec.given([]).when({ type: 'RecordDomainValidation', organisationId: 'o', domain: 'example.ac.uk', at }).events).toEqual([
      {
        type: 'DomainValidated',
        data: { organisationId: 'o', domain: 'example.ac.uk', validatedAt: at.toISOString(), method: 'operator-assertion' },
      },
    ]);
    for (const domain of ['*.example.ac.uk', 'localhost', 'bad_name.ac.uk', '-x.ac.uk'])
      expect(spec.given([]).when({ type: 'RecordDomainValidation', organisationId: 'o', domain, at }).error?.code).toBe(
        'DOMAIN_NAME_INVALID',
      );
  });

  it.each([
    ['2026-03-14T23:59:59Z', 398],
    ['2026-03-15T00:00:00Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-15T00:00:00Z', 10],
  ])('a domain validated at %s is reusable for %d days (SC-081)', (date, days) => {
    expect(domainReuseDays(new Date(date))).toBe(days);
  });

  it('covers the domain, its subdomains and wildcards below it; lists the rest', () => {
    const { state } = spec.given([
      { type: 'OrganisationValidated', data: { organisationId: 'o', validatedAt: at.toISOString(), method: 'operator-assertion' } },
      { type: 'DomainValidated', data: { organisationId: 'o', domain: 'example.ac.uk', validatedAt: at.toISOString(), method: 'operator-assertion' } },
    ]);
    expect(checkNames(state, ['example.ac.uk', 'www.example.ac.uk', '*.example.ac.uk', 'www.other.ac.uk', 'badexample.ac.uk'], at)).toEqual({
      allowed: false,
      problems: [
        {
          code: 'DOMAIN_NOT_VALIDATED',
          message: 'Not covered by a validated domain of the organisation: www.other.ac.uk, badexample.ac.uk.',
          names: ['www.other.ac.uk', 'badexample.ac.uk'],
        },
      ],
    });
    expect(checkNames(state, ['www.example.ac.uk'], at)).toEqual({ allowed: true, problems: [] });
  });

  it('expired validations cover nothing', () => {
    const { state } = spec.given([
      { type: 'OrganisationValidated', data: { organisationId: 'o', validatedAt: at.toISOString(), method: 'operator-assertion' } },
      { type: 'DomainValidated', data: { organisationId: 'o', domain: 'example.ac.uk', validatedAt: at.toISOString(), method: 'operator-assertion' } },
    ]);
    const later = new Date(at.getTime() + 399 * 86_400_000);
    expect(checkNames(state, ['www.example.ac.uk'], later).problems.map((p) => [p.code, p.names])).toEqual([
      ['ORGANISATION_VALIDATION_EXPIRED', undefined],
      ['DOMAIN_NOT_VALIDATED', ['www.example.ac.uk']],
    ]);
  });
});
