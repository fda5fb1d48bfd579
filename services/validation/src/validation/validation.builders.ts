import type { Validation } from '@platform/contracts';
import type { DomainValidationMethod, ValidationEvent } from './validation.events';

/** Small builders for decider tests: events of an organisation `o` at given instants. */
export const details = (over: Partial<Validation.OrganisationDetails> = {}): Validation.OrganisationDetails => ({
  legalName: 'University of Example',
  street: '1 High Street',
  locality: 'Exampleton',
  state: 'Exampleshire',
  country: 'GB',
  registrationNumber: 'RC000001',
  ...over,
});

export const evAnchor = (): Validation.EvAnchor => ({
  jurisdictionCountry: 'GB',
  businessCategory: 'Private Organization',
  registrationNumber: 'RC000001',
});

export const given = {
  submitted: (at: string): ValidationEvent => ({
    type: 'OrganisationDetailsSubmitted',
    data: { organisationId: 'o', details: details(), submittedAt: at, submittedBy: 'rao' },
  }),
  approved: (at: string): ValidationEvent => ({
    type: 'OrganisationDetailsApproved',
    data: { organisationId: 'o', details: details(), approvedAt: at, approvedBy: 'mrao' },
  }),
  ev: (at: string): ValidationEvent => ({ type: 'EvAnchorVetted', data: { organisationId: 'o', ev: evAnchor(), vettedAt: at, vettedBy: 'mrao' } }),
  token: (domain: string, at: string, token = 'a'.repeat(48)): ValidationEvent => ({
    type: 'DomainTokenIssued',
    data: { organisationId: 'o', domain, token, issuedAt: at },
  }),
  validated: (domain: string, at: string, method: DomainValidationMethod = 'dns-txt'): ValidationEvent => ({
    type: 'DomainValidated',
    data: { organisationId: 'o', domain, validatedAt: at, method },
  }),
  delegated: (domain: string, departmentIds: string[], at: string): ValidationEvent => ({
    type: 'DomainDelegated',
    data: { organisationId: 'o', domain, departmentIds, delegatedAt: at },
  }),
};
