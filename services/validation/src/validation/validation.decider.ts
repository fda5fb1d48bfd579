import type { Validation } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import { type DcvEmailLimits, dcvEmailRefusal } from './dcv-email-limits';
import { dueExpiryNotices } from './expiry-notices';
import { emailLinkExpiresAt, tokenExpiresAt } from './reuse-periods';
import type { DomainValidationMethod, ValidationEvent } from './validation.events';
import { type DomainScope, coveringAncestor, liveValidations } from './domain-scope';
import { type DomainRecord, type ValidationState, evolve, initialState } from './validation.state';
import { upcastValidationEvent } from './validation.upcast';

export type { ValidationState } from './validation.state';

interface Base {
  organisationId: string;
  at: Date;
  /** the acting admin's id, kept in the events that an auditor reads */
  by: string;
}

export type ValidationCommand =
  | (Base & { type: 'RecordOrganisationValidation' })
  | (Base & { type: 'SubmitOrganisationDetails'; details: Validation.OrganisationDetails })
  | (Base & { type: 'ApproveOrganisationDetails' })
  | (Base & { type: 'RejectOrganisationDetails'; reason: string })
  | (Base & { type: 'VetEvAnchor'; ev: Validation.EvAnchor })
  | (Base & { type: 'SubmitEvAnchor'; ev: Validation.EvAnchor })
  | (Base & { type: 'AddDomain'; domain: string; token: string })
  | (Base & { type: 'RecordDomainValidation'; domain: string; method: 'operator-assertion' })
  /** the token that was found: if it changed since the check, the check proves nothing */
  | (Base & { type: 'RecordDomainControl'; domain: string; method: Exclude<DomainValidationMethod, 'operator-assertion' | 'email'>; token: string })
  | (Base & { type: 'RequestDomainValidationEmail'; domain: string; mailbox: string; challengeId: string; limits: DcvEmailLimits })
  | (Base & { type: 'ConfirmDomainValidationEmail'; domain: string; challengeId: string })
  | (Base & { type: 'DelegateDomain'; domain: string; departmentIds: string[] })
  | (Base & { type: 'RecordExpiryNotices' });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A registrable-looking DNS name: two labels or more, LDH, no wildcard. */
export const isDomainName = (name: string): boolean =>
  name.length <= 253 && name.split('.').length >= 2 && name.split('.').every((l) => LABEL.test(l));

function assertDomainName(domain: string): void {
  if (!isDomainName(domain))
    throw new DomainError(
      'DOMAIN_NAME_INVALID',
      'invalid',
      `"${domain}" is not a domain name: give a name such as example.ac.uk (letters, digits, hyphens; no wildcard).`,
      { domain },
    );
}

function addedDomain(state: ValidationState, domain: string): DomainRecord {
  const record = state.domains[domain];
  if (!record) throw new DomainError('DOMAIN_NOT_ADDED', 'not_found', `${domain} is not a domain of this organisation: add it first.`, { domain });
  return record;
}

/** The token in use, or an error saying to get a fresh one. */
function liveToken(record: DomainRecord, domain: string, at: Date): string {
  if (!record.token || tokenExpiresAt(new Date(record.token.issuedAt)) <= at)
    throw new DomainError('DCV_TOKEN_EXPIRED', 'conflict', `The validation token of ${domain} is older than 30 days: add the domain again for a fresh one.`, {
      domain,
    });
  return record.token.value;
}

/** Validated for the name itself (any method), or for names below it too (`subdomains`: an ADN method), at `at`. */
export const isValidNow = (record: DomainRecord | undefined, at: Date, scope: DomainScope = 'fqdn'): boolean =>
  !!record && liveValidations(record.validations, at, scope).length > 0;

export function decide(command: ValidationCommand, state: ValidationState): ValidationEvent[] {
  const { organisationId, by } = command;
  const at = command.at.toISOString();
  switch (command.type) {
    case 'RecordOrganisationValidation':
      return [{ type: 'OrganisationValidated', data: { organisationId, validatedAt: at, method: 'operator-assertion' } }];
    case 'SubmitOrganisationDetails':
      return [{ type: 'OrganisationDetailsSubmitted', data: { organisationId, details: command.details, submittedAt: at, submittedBy: by } }];
    case 'ApproveOrganisationDetails':
    case 'RejectOrganisationDetails': {
      if (!state.pending)
        throw new DomainError('NO_DETAILS_TO_REVIEW', 'conflict', 'No organisation details are waiting for review: the RAO must submit them first.');
      return command.type === 'ApproveOrganisationDetails'
        ? [{ type: 'OrganisationDetailsApproved', data: { organisationId, details: state.pending.details, approvedAt: at, approvedBy: by } }]
        : [{ type: 'OrganisationDetailsRejected', data: { organisationId, reason: command.reason, rejectedAt: at, rejectedBy: by } }];
    }
    case 'VetEvAnchor':
      if (!state.details)
        throw new DomainError('ORG_NOT_VALIDATED', 'conflict', 'EV details build on vetted organisation details: approve those first.');
      return [{ type: 'EvAnchorVetted', data: { organisationId, ev: command.ev, vettedAt: at, vettedBy: by } }];
    case 'SubmitEvAnchor':
      // A new submission replaces a pending one, as for organisation details.
      return [{ type: 'EvAnchorSubmitted', data: { organisationId, ev: command.ev, submittedAt: at, submittedBy: by } }];
    case 'AddDomain': {
      assertDomainName(command.domain);
      const token = state.domains[command.domain]?.token;
      // A token still usable is kept, so that what the RAO already published stays right.
      if (token && tokenExpiresAt(new Date(token.issuedAt)) > command.at) return [];
      return [{ type: 'DomainTokenIssued', data: { organisationId, domain: command.domain, token: command.token, issuedAt: at } }];
    }
    case 'RecordDomainValidation':
      assertDomainName(command.domain);
      return [{ type: 'DomainValidated', data: { organisationId, domain: command.domain, validatedAt: at, method: command.method } }];
    case 'RecordDomainControl': {
      const current = liveToken(addedDomain(state, command.domain), command.domain, command.at);
      if (current !== command.token)
        throw new DomainError('DCV_TOKEN_CHANGED', 'conflict', `The token of ${command.domain} changed during the check: check again.`);
      return [{ type: 'DomainValidated', data: { organisationId, domain: command.domain, validatedAt: at, method: command.method } }];
    }
    case 'RequestDomainValidationEmail': {
      addedDomain(state, command.domain);
      const refusal = dcvEmailRefusal(state, command.domain, command.at, command.limits);
      if (refusal) {
        const retryAfterSeconds = Math.ceil((refusal.retryAt.getTime() - command.at.getTime()) / 1000);
        const per = refusal.scope === 'domain' ? `for ${command.domain}` : 'for this organisation';
        throw new DomainError(
          'DCV_EMAIL_RATE_LIMITED',
          'rate_limited',
          `At most ${refusal.limit} validation e-mails an hour ${per}: wait for the ones sent, or send another at ${refusal.retryAt.toISOString()} (in ${retryAfterSeconds} s).`,
          { domain: command.domain, limit: refusal.limit, per: refusal.scope, retryAt: refusal.retryAt.toISOString(), retryAfterSeconds },
        );
      }
      const to = `${command.mailbox}@${command.domain}`;
      const expiresAt = emailLinkExpiresAt(command.at).toISOString();
      const { domain, challengeId } = command;
      return [{ type: 'DomainValidationEmailRequested', data: { organisationId, domain, challengeId, to, requestedAt: at, expiresAt } }];
    }
    case 'ConfirmDomainValidationEmail': {
      const challenge = state.domains[command.domain]?.emailChallenges[command.challengeId];
      if (!challenge) throw new DomainError('DCV_LINK_INVALID', 'unprocessable', 'This validation link is not valid: ask the administrator for a new e-mail.');
      if (challenge.used) throw new DomainError('DCV_LINK_USED', 'conflict', 'This validation link was used already: the domain was validated with it.');
      if (new Date(challenge.expiresAt) <= command.at)
        throw new DomainError('DCV_LINK_EXPIRED', 'unprocessable', `This validation link expired at ${challenge.expiresAt}: ask the administrator for a new e-mail.`);
      const { domain, challengeId } = command;
      return [{ type: 'DomainValidated', data: { organisationId, domain, validatedAt: at, method: 'email', challengeId } }];
    }
    case 'DelegateDomain': {
      const record = addedDomain(state, command.domain);
      // Validated itself, or a subdomain of a domain validated as an ADN (DNS, e-mail): covered either way.
      if (!isValidNow(record, command.at) && !coveringAncestor(command.domain, state.domains, command.at))
        throw new DomainError('DOMAIN_NOT_VALIDATED', 'conflict', `${command.domain} is not validated: validate it (or a domain above it by DNS or e-mail) before delegating it.`, {
          domain: command.domain,
        });
      const departmentIds = [...new Set(command.departmentIds)].filter((d) => !record.departmentIds.includes(d));
      if (departmentIds.length === 0) return [];
      return [{ type: 'DomainDelegated', data: { organisationId, domain: command.domain, departmentIds, delegatedAt: at } }];
    }
    case 'RecordExpiryNotices':
      return dueExpiryNotices(state, command.at).map((notice) => ({ type: 'ValidationExpiryNoticed', data: { organisationId, ...notice, noticedAt: at } }));
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export const validationDecider: Decider<ValidationState, ValidationCommand, ValidationEvent> = {
  initialState,
  evolve: (state, event) => evolve(state, upcastValidationEvent(event)),
  decide,
};
