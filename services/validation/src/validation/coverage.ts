import type { CertificateType, Validation } from '@platform/contracts';
import { evValidUntil, organisationValidUntil } from './reuse-periods';
import { isValidNow } from './validation.decider';
import type { ValidationState } from './validation.state';

/** A validated domain covers itself and its subdomains; `*.x` needs `x` covered. */
export const isCovered = (name: string, validDomains: string[]): boolean => {
  const host = name.startsWith('*.') ? name.slice(2) : name;
  return validDomains.some((d) => host === d || host.endsWith(`.${d}`));
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

  const valid = Object.entries(state.domains).filter(([, record]) => isValidNow(record, now));
  const orgDomains = valid.map(([domain]) => domain);
  const uncovered = request.names.filter((n) => !isCovered(hostOf(n), orgDomains));
  if (uncovered.length > 0)
    problems.push({
      code: 'DOMAIN_NOT_VALIDATED',
      message: `Not covered by a validated domain of the organisation: ${uncovered.join(', ')}. Add and validate the domain first.`,
      names: uncovered,
    });
  if (request.departmentId !== undefined) {
    const delegated = valid.filter(([, r]) => r.departmentIds.includes(request.departmentId!)).map(([domain]) => domain);
    const outside = request.names.filter((n) => !uncovered.includes(n) && !isCovered(hostOf(n), delegated));
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
