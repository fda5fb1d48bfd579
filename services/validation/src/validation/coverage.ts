import { domainValidUntil, organisationValidUntil } from './reuse-periods';
import type { ValidationState } from './validation.decider';

/** A validated domain covers itself and its subdomains; `*.x` needs `x` covered. */
export const isCovered = (name: string, validDomains: string[]): boolean => {
  const host = name.startsWith('*.') ? name.slice(2) : name;
  return validDomains.some((d) => host === d || host.endsWith(`.${d}`));
};

export function checkNames(state: ValidationState, names: string[], now: Date) {
  const validDomains = Object.entries(state.domains)
    .filter(([, at]) => domainValidUntil(new Date(at)) > now)
    .map(([domain]) => domain);
  const organisationValidated =
    !!state.organisationValidatedAt && organisationValidUntil(new Date(state.organisationValidatedAt)) > now;
  return { organisationValidated, uncovered: names.filter((n) => !isCovered(n.toLowerCase(), validDomains)) };
}
