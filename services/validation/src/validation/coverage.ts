import { domainValidUntil, organisationValidUntil } from './reuse-periods';
import type { ValidationState } from './validation.decider';

/** A validated domain covers itself and its subdomains; `*.x` needs `x` covered. */
export const isCovered = (name: string, validDomains: string[]): boolean => {
  const host = name.startsWith('*.') ? name.slice(2) : name;
  return validDomains.some((d) => host === d || host.endsWith(`.${d}`));
};

export interface ValidationProblem {
  code: string;
  message: string;
  names?: string[];
}

/** Every missing piece at once: the organisation's validation, then the names. */
export function checkNames(state: ValidationState, names: string[], now: Date): { allowed: boolean; problems: ValidationProblem[] } {
  const validDomains = Object.entries(state.domains)
    .filter(([, at]) => domainValidUntil(new Date(at)) > now)
    .map(([domain]) => domain);
  const problems: ValidationProblem[] = [];
  if (!state.organisationValidatedAt)
    problems.push({ code: 'ORGANISATION_NOT_VALIDATED', message: 'The organisation is not validated yet.' });
  else if (organisationValidUntil(new Date(state.organisationValidatedAt)) <= now)
    problems.push({ code: 'ORGANISATION_VALIDATION_EXPIRED', message: 'The organisation validation has expired (398 days): have it vetted again.' });
  const uncovered = names.filter((n) => !isCovered(n.toLowerCase(), validDomains));
  if (uncovered.length > 0)
    problems.push({
      code: 'DOMAIN_NOT_VALIDATED',
      message: `Not covered by a validated domain of the organisation: ${uncovered.join(', ')}.`,
      names: uncovered,
    });
  return { allowed: problems.length === 0, problems };
}
