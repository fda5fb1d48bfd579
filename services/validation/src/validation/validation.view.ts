import type { Validation } from '@platform/contracts';
import { METHOD_SCOPE, coveringAncestor, lastValidUntil, liveValidations } from './domain-scope';
import { domainValidUntil, evValidUntil, organisationValidUntil, tokenExpiresAt } from './reuse-periods';
import type { DomainRecord, ValidationState } from './validation.state';

export const DCV_MAILBOXES = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'] as const;

/** Where each DCV method looks for the token. */
export const dcvLocations = (domain: string, token: string, cnameTarget: string) => ({
  dnsTxt: { name: `_pki-validation.${domain}`, value: token },
  dnsCname: { name: `_${token}.${domain}`, target: cnameTarget },
  httpFile: { url: `http://${domain}/.well-known/pki-validation/${token}.txt`, content: token },
  emailTo: DCV_MAILBOXES.map((m) => `${m}@${domain}`),
});

/**
 * A domain as the portal shows it. `domains` (the organisation's others) lets a subdomain without a live
 * validation of its own show as covered by the domain above it that was validated as an ADN (`coveredBy`).
 */
export function domainView(domain: string, record: DomainRecord, now: Date, cnameTarget: string, domains: Record<string, DomainRecord> = {}): Validation.DomainView {
  const own = lastValidUntil(record.validations);
  const inherited = own && own > now ? undefined : coveringAncestor(domain, domains, now);
  const validUntil = inherited?.validUntil ?? own;
  const tokenUntil = record.token ? tokenExpiresAt(new Date(record.token.issuedAt)) : undefined;
  return {
    domain,
    status: !validUntil ? 'pending' : validUntil > now ? 'validated' : 'expired',
    validatedAt: record.validatedAt,
    validUntil: validUntil?.toISOString(),
    method: record.method,
    coversSubdomains: inherited ? true : validUntil ? liveValidations(record.validations, now, 'subdomains').length > 0 : undefined,
    ...(inherited ? { coveredBy: inherited.domain } : {}),
    validations: validUntil
      ? Object.entries(record.validations).map(([method, validatedAt]) => ({
          method,
          validatedAt: validatedAt!,
          validUntil: domainValidUntil(new Date(validatedAt!)).toISOString(),
          scope: METHOD_SCOPE[method as keyof typeof METHOD_SCOPE],
        }))
      : undefined,
    departmentIds: record.departmentIds,
    challenge:
      record.token && tokenUntil! > now
        ? { token: record.token.value, expiresAt: tokenUntil!.toISOString(), ...dcvLocations(domain, record.token.value, cnameTarget) }
        : undefined,
  };
}

export function validationView(organisationId: string, state: ValidationState, now: Date, cnameTarget: string): Validation.OrganisationValidationView {
  const validUntil = state.organisationValidatedAt ? organisationValidUntil(new Date(state.organisationValidatedAt)) : undefined;
  const status = validUntil ? (validUntil > now ? 'validated' : 'expired') : state.pending ? 'submitted' : state.rejection ? 'rejected' : 'not-submitted';
  const evUntil = state.ev ? evValidUntil(new Date(state.ev.vettedAt)) : undefined;
  return {
    organisationId,
    status,
    details: state.details,
    pending: state.pending?.details,
    ...(state.pendingEv ? { pendingEv: state.pendingEv.ev } : {}),
    rejection: state.rejection,
    validatedAt: state.organisationValidatedAt,
    validUntil: validUntil?.toISOString(),
    ev: state.ev ? { ...state.ev, validUntil: evUntil!.toISOString(), status: evUntil! > now ? 'validated' : 'expired' } : undefined,
    domains: Object.entries(state.domains)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, record]) => domainView(domain, record, now, cnameTarget, state.domains)),
  };
}
