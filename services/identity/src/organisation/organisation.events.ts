/** Domain events of an organisation (stream `organisation-<uuid>`); its departments live in the same stream. */
export type OrganisationEvent =
  | {
      type: 'OrganisationCreated';
      data: { organisationId: string; name: string; member: boolean; createdBy: string; createdAt: string };
    }
  | { type: 'DepartmentCreated'; data: { organisationId: string; departmentId: string; name: string; createdBy: string; createdAt: string } }
  /** from now on certificates carry the new name; those issued before keep the one they were signed with */
  | { type: 'OrganisationRenamed'; data: { organisationId: string; name: string; previousName: string; renamedBy: string; renamedAt: string } }
  /** the member flag prices every invoice raised from now on (not the ones raised before) */
  | { type: 'OrganisationMembershipChanged'; data: { organisationId: string; member: boolean; changedBy: string; changedAt: string } };

export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;
