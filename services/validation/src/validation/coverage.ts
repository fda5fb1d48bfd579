import type { CertificateType, Validation } from '@platform/contracts';
import { isAtOrBelow } from './domain-scope';
import { evValidUntil, organisationValidUntil } from './reuse-periods';
import { isValidNow } from './validation.decider';
import type { DomainRecord, ValidationState } from './validation.state';

/**
 * Is `name` covered at `now` by one of these domains? A live validation of the name itself, by any
 * method, covers it; a name below a domain, or a wildcard `*.x` (at `x` or below a domain), needs a
 * live validation of that domain by a method whose scope reaches subdomains (domain-scope.ts).
 */
export const isCovered = (name: string, domains: Record<string, DomainRecord>, now: Date): boolean => {
  const wildcard = name.startsWith('*.');
  const host = wildcard ? name.slice(2) : name;
  return Object.entries(domains).some(
    ([domain, record]) =>
      (!wildcard && host === domain && isValidNow(record, now)) ||
      ((host === domain || host.endsWith(`.${domain}`)) && isValidNow(record, now, 'subdomains')),
  );
};

export type ValidationProblem = Validation.CheckNamesResponse['problems'][number];

export interface NamesToCheck {
  names: string[];
  /** a DRAO's request: only domains delegated to this department count */
  departmentId?: string;
  certificateType: CertificateType;
}

export const isEvType = (type: CertificateType): boolean => type.startsWith('ev-');

/** An e-mail address (S/MIME) is covered through its domain part. */
const hostOf = (name: string): string => name.toLowerCase().slice(name.lastIndexOf('@') + 1);

/** Every missing piece at once: the organisation's vetting, the EV anchor, then the names. CAA is checked apart (it needs DNS). */
export function checkNames(state: ValidationState, request: NamesToCheck, now: Date): Omit<Validation.CheckNamesResponse, 'allowed'> & { allowed: boolean } {
  const problems: ValidationProblem[] = [];
  if (!state.organisationValidatedAt)
    problems.push({ code: 'ORG_NOT_VALIDATED', message: 'The organisation is not validated yet: an RAO submits its details and the operator vets them.' });
  else if (organisationValidUntil(new Date(state.organisationValidatedAt)) <= now)
    problems.push({ code: 'ORG_VALIDATION_EXPIRED', message: 'The organisation validation has expired (398 days): submit the details again for re-vetting.' });

  const ev = state.ev && evValidUntil(new Date(state.ev.vettedAt)) > now ? state.ev : undefined;
  if (isEvType(request.certificateType)) {
    if (!state.ev) problems.push({ code: 'EV_ANCHOR_MISSING', message: 'EV certificates need vetted EV details: ask the operator to vet them.' });
    else if (!ev) problems.push({ code: 'EV_ANCHOR_EXPIRED', message: 'The EV details have expired (398 days): ask the operator to vet them again.' });
  }

  const uncovered = request.names.filter((n) => !isCovered(hostOf(n), state.domains, now));
  if (uncovered.length > 0)
    problems.push({
      code: 'DOMAIN_NOT_VALIDATED',
      message: `Not covered by a validated domain of the organisation: ${uncovered.join(', ')}. Add and validate the domain first.`,
      names: uncovered,
    });
  if (request.departmentId !== undefined) {
    // A delegation hands the department a subtree: a covered name at or below a delegated domain is its,
    // whichever domain's validation covers it (a subdomain delegated under a parent validated by DNS).
    const delegated = Object.entries(state.domains).filter(([, r]) => r.departmentIds.includes(request.departmentId!)).map(([domain]) => domain);
    const outside = request.names.filter((n) => !uncovered.includes(n) && !delegated.some((d) => isAtOrBelow(hostOf(n).replace(/^\*\./, ''), d)));
    if (outside.length > 0)
      problems.push({
        code: 'DOMAIN_NOT_DELEGATED',
        message: `Not under a domain delegated to your department: ${outside.join(', ')}. Ask an RAO to delegate the domain.`,
        names: outside,
      });
  }

  const d = state.details;
  const subject: Validation.CheckNamesResponse['subject'] = d
    ? { organisation: d.legalName, locality: d.locality, state: d.state, country: d.country, street: d.street, postalCode: d.postalCode }
    : {};
  if (ev && isEvType(request.certificateType)) {
    const { jurisdictionCountry, jurisdictionState, jurisdictionLocality, businessCategory, registrationNumber } = ev;
    subject.ev = { jurisdictionCountry, jurisdictionState, jurisdictionLocality, businessCategory, registrationNumber };
  }
  return { allowed: problems.length === 0, problems, subject };
}
