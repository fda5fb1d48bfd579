import { deciderSpec } from '@platform/testing';
import { organisationDecider } from './organisation.decider';
import type { OrganisationEvent } from './organisation.events';

const spec = deciderSpec(organisationDecider);
const created: OrganisationEvent = {
  type: 'OrganisationCreated',
  data: { organisationId: 'o1', name: 'Uni', member: true, createdBy: 'm1', createdAt: '2026-11-26T00:00:00.000Z' },
};
const at = new Date('2026-11-26T10:00:00Z');

describe('organisation departments', () => {
  it('adds a department to an existing organisation', () => {
    const { events } = spec.given([created]).when({ type: 'CreateDepartment', departmentId: 'd1', name: ' Physics ', by: 'r1', at });
    expect(events).toEqual([
      { type: 'DepartmentCreated', data: { organisationId: 'o1', departmentId: 'd1', name: 'Physics', createdBy: 'r1', createdAt: at.toISOString() } },
    ]);
    expect(spec.given([created, ...events!]).state).toMatchObject({ departments: [{ id: 'd1', name: 'Physics' }] });
  });

  it('refuses a duplicate name (whatever the case) and an unknown organisation', () => {
    const first = spec.given([created]).when({ type: 'CreateDepartment', departmentId: 'd1', name: 'Physics', by: 'r1', at }).events!;
    const again = spec.given([created, ...first]).when({ type: 'CreateDepartment', departmentId: 'd2', name: 'PHYSICS', by: 'r1', at });
    expect(again.error?.code).toBe('DEPARTMENT_EXISTS');
    expect(spec.given([]).when({ type: 'CreateDepartment', departmentId: 'd1', name: 'X', by: 'r1', at }).error?.code).toBe('ORGANISATION_NOT_FOUND');
  });
});

describe('organisation name and member flag', () => {
  it('records a rename and a member flag change, each only when it changes something', () => {
    const { events } = spec.given([created]).when({ type: 'UpdateOrganisation', name: 'University of Uni', member: false, by: 'm1', at });
    expect(events).toEqual([
      { type: 'OrganisationRenamed', data: { organisationId: 'o1', name: 'University of Uni', previousName: 'Uni', renamedBy: 'm1', renamedAt: at.toISOString() } },
      { type: 'OrganisationMembershipChanged', data: { organisationId: 'o1', member: false, changedBy: 'm1', changedAt: at.toISOString() } },
    ]);
    const after = [created, ...events!];
    expect(spec.given(after).state).toMatchObject({ name: 'University of Uni', member: false });
    expect(spec.given(after).when({ type: 'UpdateOrganisation', name: 'University of Uni', member: false, by: 'm1', at }).events).toEqual([]);
    expect(spec.given(after).when({ type: 'UpdateOrganisation', member: true, by: 'm1', at }).events).toEqual([
      { type: 'OrganisationMembershipChanged', data: { organisationId: 'o1', member: true, changedBy: 'm1', changedAt: at.toISOString() } },
    ]);
  });

  it('refuses to change an unknown organisation', () => {
    expect(spec.given([]).when({ type: 'UpdateOrganisation', name: 'X', by: 'm1', at }).error?.code).toBe('ORGANISATION_NOT_FOUND');
  });
});
