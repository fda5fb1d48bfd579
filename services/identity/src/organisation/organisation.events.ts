/** Domain events of an organisation (stream `organisation-<uuid>`). */
export type OrganisationEvent = {
  type: 'OrganisationCreated';
  data: { organisationId: string; name: string; member: boolean; createdBy: string; createdAt: string };
};

export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;
