import { domainValidUntil } from './reuse-periods';
import type { DomainValidationMethod } from './validation.events';
import type { DomainRecord } from './validation.state';

/**
 * What a domain validation authorizes, by its method (Baseline Requirements 3.2.2.4):
 * - `fqdn`: that exact name only, never a subdomain nor a wildcard. The HTTP methods: the file at
 *   /.well-known/pki-validation (3.2.2.4.18) and ACME http-01 (3.2.2.4.19) prove control of one web
 *   server, not of the zone.
 * - `subdomains`: the name as an Authorization Domain Name: itself, every name below it, and wildcards
 *   (DNS TXT and ACME dns-01 3.2.2.4.7, the CNAME form of it, constructed e-mail 3.2.2.4.4). The
 *   operator's assertion stands for an ADN too: it is the operator's own vetting, for operations.
 */
export type DomainScope = 'fqdn' | 'subdomains';

export const METHOD_SCOPE: Record<DomainValidationMethod, DomainScope> = {
  'dns-txt': 'subdomains',
  'dns-cname': 'subdomains',
  'acme-dns-01': 'subdomains',
  email: 'subdomains',
  'operator-assertion': 'subdomains',
  'http-file': 'fqdn',
  'acme-http-01': 'fqdn',
};

/** The latest validation by each method a domain had (their scopes differ, so one does not replace another). */
export type ValidationsByMethod = Partial<Record<DomainValidationMethod, string>>;

export interface LiveValidation {
  method: DomainValidationMethod;
  validatedAt: string;
  validUntil: Date;
}

/** The validations still inside their reuse period at `now`, for the name itself (`fqdn`) or for names below it (`subdomains`). */
export function liveValidations(validations: ValidationsByMethod, now: Date, needed: DomainScope = 'fqdn'): LiveValidation[] {
  return (Object.entries(validations) as [DomainValidationMethod, string][])
    .filter(([method]) => needed === 'fqdn' || METHOD_SCOPE[method] === 'subdomains')
    .map(([method, validatedAt]) => ({ method, validatedAt, validUntil: domainValidUntil(new Date(validatedAt)) }))
    .filter((v) => v.validUntil > now);
}

/** When the last of these validations ends (reuse periods shrink over time, so the latest validation need not end last). */
export function lastValidUntil(validations: ValidationsByMethod): Date | undefined {
  const ends = Object.values(validations).map((at) => domainValidUntil(new Date(at!)).getTime());
  return ends.length > 0 ? new Date(Math.max(...ends)) : undefined;
}

/** `name` is `domain` or a name below it. */
export const isAtOrBelow = (name: string, domain: string): boolean => name === domain || name.endsWith(`.${domain}`);

/**
 * The closest other domain of the organisation above `domain` whose live validation is an Authorization
 * Domain Name (a `subdomains` method), with when that ends: a subdomain added under it needs no proof of
 * its own. HTTP validations of a parent never count (they proved one web server, not the zone).
 */
export function coveringAncestor(domain: string, domains: Record<string, DomainRecord>, now: Date): { domain: string; validUntil: Date } | undefined {
  const covers = Object.entries(domains)
    .filter(([parent]) => parent !== domain && isAtOrBelow(domain, parent))
    .map(([parent, record]) => ({ domain: parent, live: liveValidations(record.validations, now, 'subdomains') }))
    .filter((c) => c.live.length > 0)
    .sort((a, b) => b.domain.length - a.domain.length);
  const closest = covers[0];
  return closest && { domain: closest.domain, validUntil: new Date(Math.max(...closest.live.map((v) => v.validUntil.getTime()))) };
}
