import type { Validation } from '@platform/contracts';
import type { ValidationsByMethod } from './domain-scope';
import type { DomainValidationMethod, ValidationEvent } from './validation.events';

export interface EmailChallenge {
  to: string;
  requestedAt: string;
  expiresAt: string;
  used: boolean;
}

export interface DomainRecord {
  /** the random value to publish (DNS TXT / CNAME label / HTTP file) and when it was made */
  token?: { value: string; issuedAt: string };
  /** the latest validation by any method, as the portal shows it */
  validatedAt?: string;
  method?: DomainValidationMethod;
  /** the latest validation by each method: what the domain covers (domain-scope.ts) */
  validations: ValidationsByMethod;
  departmentIds: string[];
  emailChallenges: Record<string, EmailChallenge>;
}

export interface ValidationState {
  /** when OV started: an MRAO approved the details (or, before vetting existed, asserted it) */
  organisationValidatedAt?: string;
  /** the approved details: the certificate subject */
  details?: Validation.OrganisationDetails;
  pending?: { details: Validation.OrganisationDetails; submittedAt: string; submittedBy?: string };
  rejection?: { reason: string; at: string };
  ev?: Validation.EvAnchor & { vettedAt: string };
  /** EV details an RAO submitted, waiting for an MRAO to vet them */
  pendingEv?: { ev: Validation.EvAnchor; submittedAt: string; submittedBy: string };
  domains: Record<string, DomainRecord>;
  /** expiry notices already given, by `noticeKey` (a re-validation makes a new expiry, so a new key) */
  noticed: Record<string, true>;
}

export const initialState = (): ValidationState => ({ domains: {}, noticed: {} });

export const noticeKey = (kind: string, expiresAt: string, domain?: string): string => `${kind}:${domain ?? ''}:${expiresAt}`;

const emptyDomain = (): DomainRecord => ({ validations: {}, departmentIds: [], emailChallenges: {} });

const withDomain = (state: ValidationState, domain: string, change: (d: DomainRecord) => DomainRecord): ValidationState => ({
  ...state,
  domains: { ...state.domains, [domain]: change(state.domains[domain] ?? emptyDomain()) },
});

export function evolve(state: ValidationState, event: ValidationEvent): ValidationState {
  switch (event.type) {
    case 'OrganisationValidated':
      return { ...state, organisationValidatedAt: event.data.validatedAt };
    case 'OrganisationDetailsSubmitted':
      return { ...state, pending: { details: event.data.details, submittedAt: event.data.submittedAt, submittedBy: event.data.submittedBy } };
    case 'OrganisationDetailsApproved':
      return { ...state, pending: undefined, rejection: undefined, details: event.data.details, organisationValidatedAt: event.data.approvedAt };
    case 'OrganisationDetailsRejected':
      return { ...state, pending: undefined, rejection: { reason: event.data.reason, at: event.data.rejectedAt } };
    case 'EvAnchorVetted':
      return { ...state, ev: { ...event.data.ev, vettedAt: event.data.vettedAt }, pendingEv: undefined };
    case 'EvAnchorSubmitted':
      return { ...state, pendingEv: { ev: event.data.ev, submittedAt: event.data.submittedAt, submittedBy: event.data.submittedBy } };
    case 'DomainTokenIssued':
      return withDomain(state, event.data.domain, (d) => ({ ...d, token: { value: event.data.token, issuedAt: event.data.issuedAt } }));
    case 'DomainValidationEmailRequested': {
      const { challengeId, to, requestedAt, expiresAt } = event.data;
      return withDomain(state, event.data.domain, (d) => ({
        ...d,
        emailChallenges: { ...d.emailChallenges, [challengeId]: { to, requestedAt, expiresAt, used: false } },
      }));
    }
    case 'DomainValidated': {
      const { challengeId, validatedAt, method } = event.data;
      return withDomain(state, event.data.domain, (d) => ({
        ...d,
        validatedAt,
        method,
        validations: { ...d.validations, [method]: validatedAt },
        emailChallenges: challengeId ? { ...d.emailChallenges, [challengeId]: { ...d.emailChallenges[challengeId], used: true } } : d.emailChallenges,
      }));
    }
    case 'DomainDelegated':
      return withDomain(state, event.data.domain, (d) => ({ ...d, departmentIds: [...new Set([...d.departmentIds, ...event.data.departmentIds])] }));
    case 'ValidationExpiryNoticed':
      return { ...state, noticed: { ...state.noticed, [noticeKey(event.data.kind, event.data.expiresAt, event.data.domain)]: true } };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
