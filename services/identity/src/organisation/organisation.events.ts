/** Domain events of an organisation (stream `organisation-<uuid>`); its departments live in the same stream. */
export type OrganisationEvent =
  | {
      type: 'OrganisationCreated';
      data: { organisationId: string; name: string; member: boolean; createdBy: string; createdAt: string };
    }
  | { type: 'DepartmentCreated'; data: { organisationId: string; departmentId: string; name: string; createdBy: string; createdAt: string } };

export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;
