import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import type { ValidationEvent } from './validation.events';

export interface ValidationState {
  organisationValidatedAt?: string;
  /** domain → last validation instant */
  domains: Record<string, string>;
}

export type ValidationCommand =
  | { type: 'RecordOrganisationValidation'; organisationId: string; at: Date }
  | { type: 'RecordDomainValidation'; organisationId: string; domain: string; at: Date };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A registrable-looking DNS name: two labels or more, LDH, no wildcard. */
export const isDomainName = (name: string): boolean =>
  name.length <= 253 && name.split('.').length >= 2 && name.split('.').every((l) => LABEL.test(l));

export const validationDecider: Decider<ValidationState, ValidationCommand, ValidationEvent> = {
  initialState: () => ({ domains: {} }),

  evolve(state, event) {
    switch (event.type) {
      case 'OrganisationValidated':
        return { ...state, organisationValidatedAt: event.data.validatedAt };
      case 'DomainValidated':
        return { ...state, domains: { ...state.domains, [event.data.domain]: event.data.validatedAt } };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command) {
    const validatedAt = command.at.toISOString();
    switch (command.type) {
      case 'RecordOrganisationValidation':
        return [
          {
            type: 'OrganisationValidated',
            data: { organisationId: command.organisationId, validatedAt, method: 'operator-assertion' },
          },
        ];
      case 'RecordDomainValidation':
        if (!isDomainName(command.domain))
          throw new DomainError(
            'DOMAIN_NAME_INVALID',
            'invalid',
            `"${command.domain}" is not a domain name: give a name such as example.ac.uk (letters, digits, hyphens; no wildcard).`,
            { domain: command.domain },
          );
        return [
          {
            type: 'DomainValidated',
            data: { organisationId: command.organisationId, domain: command.domain, validatedAt, method: 'operator-assertion' },
          },
        ];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
