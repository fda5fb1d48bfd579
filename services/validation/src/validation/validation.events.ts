import type { Validation } from '@platform/contracts';

type OrganisationDetails = Validation.OrganisationDetails;
type EvAnchor = Validation.EvAnchor;

/** How control of a domain was shown; it decides which names the validation covers (domain-scope.ts). */
export type DomainValidationMethod = 'operator-assertion' | 'dns-txt' | 'dns-cname' | 'http-file' | 'email' | 'acme-http-01' | 'acme-dns-01';

export const DOMAIN_VALIDATION_METHODS: readonly DomainValidationMethod[] = [
  'operator-assertion',
  'dns-txt',
  'dns-cname',
  'http-file',
  'email',
  'acme-http-01',
  'acme-dns-01',
];

/** Domain events of an organisation's validation record (stream `org-validation-<organisationId>`). */
export type ValidationEvent =
  | { type: 'OrganisationValidated'; data: { organisationId: string; validatedAt: string; method: 'operator-assertion' } }
  | { type: 'OrganisationDetailsSubmitted'; data: { organisationId: string; details: OrganisationDetails; submittedAt: string; submittedBy: string } }
  | { type: 'OrganisationDetailsApproved'; data: { organisationId: string; details: OrganisationDetails; approvedAt: string; approvedBy: string } }
  | { type: 'OrganisationDetailsRejected'; data: { organisationId: string; reason: string; rejectedAt: string; rejectedBy: string } }
  | { type: 'EvAnchorVetted'; data: { organisationId: string; ev: EvAnchor; vettedAt: string; vettedBy: string } }
  /** an RAO asks for EV: the details wait in the vetting queue until an MRAO vets an anchor */
  | { type: 'EvAnchorSubmitted'; data: { organisationId: string; ev: EvAnchor; submittedAt: string; submittedBy: string } }
  | { type: 'DomainTokenIssued'; data: { organisationId: string; domain: string; token: string; issuedAt: string } }
  | {
      type: 'DomainValidationEmailRequested';
      data: { organisationId: string; domain: string; challengeId: string; to: string; requestedAt: string; expiresAt: string };
    }
  | {
      type: 'DomainValidated';
      data: { organisationId: string; domain: string; validatedAt: string; method: DomainValidationMethod; challengeId?: string };
    }
  | { type: 'DomainDelegated'; data: { organisationId: string; domain: string; departmentIds: string[]; delegatedAt: string } }
  | { type: 'ValidationExpiryNoticed'; data: { organisationId: string; kind: ExpiryKind; domain?: string; expiresAt: string; noticedAt: string } };

/** What can expire: the OV vetting, the EV anchor, a domain's validation. */
export type ExpiryKind = 'organisation' | 'ev' | 'domain';

export const VALIDATION_STREAM_PREFIX = 'org-validation-';
export const validationStream = (organisationId: string): string => `${VALIDATION_STREAM_PREFIX}${organisationId}`;
