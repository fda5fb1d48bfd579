/** Domain events of an organisation's validation record (stream `org-validation-<organisationId>`). */
export type ValidationEvent =
  | { type: 'OrganisationValidated'; data: { organisationId: string; validatedAt: string; method: 'operator-assertion' } }
  | { type: 'DomainValidated'; data: { organisationId: string; domain: string; validatedAt: string; method: 'operator-assertion' } };

export const validationStream = (organisationId: string): string => `org-validation-${organisationId}`;
