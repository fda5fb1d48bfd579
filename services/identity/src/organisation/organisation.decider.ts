import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import type { OrganisationEvent } from './organisation.events';

export interface Department {
  id: string;
  name: string;
  createdAt: string;
}

export type OrganisationState =
  | { status: 'none' }
  | { status: 'active'; organisationId: string; name: string; member: boolean; createdAt: string; departments: Department[] };

export type OrganisationCommand =
  | { type: 'CreateDepartment'; departmentId: string; name: string; by: string; at: Date }
  /** the operator's changes: only what differs from the state is recorded (a repeat records nothing) */
  | { type: 'UpdateOrganisation'; name?: string; member?: boolean; by: string; at: Date };

export const organisationDecider: Decider<OrganisationState, OrganisationCommand, OrganisationEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'OrganisationCreated': {
        const { organisationId, name, member, createdAt } = event.data;
        return { status: 'active', organisationId, name, member, createdAt, departments: [] };
      }
      case 'DepartmentCreated':
        return state.status === 'none'
          ? state
          : { ...state, departments: [...state.departments, { id: event.data.departmentId, name: event.data.name, createdAt: event.data.createdAt }] };
      case 'OrganisationRenamed':
        return state.status === 'none' ? state : { ...state, name: event.data.name };
      case 'OrganisationMembershipChanged':
        return state.status === 'none' ? state : { ...state, member: event.data.member };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    if (state.status === 'none') throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');
    if (command.type === 'UpdateOrganisation') return decideUpdate(command, state);
    const name = command.name.trim();
    // Names are compared without case: "Physics" and "physics" would confuse every list.
    if (state.departments.some((d) => d.name.toLowerCase() === name.toLowerCase()))
      throw new DomainError('DEPARTMENT_EXISTS', 'conflict', `The organisation has a department called "${name}" already; choose another name.`, {
        name,
      });
    return [
      {
        type: 'DepartmentCreated',
        data: { organisationId: state.organisationId, departmentId: command.departmentId, name, createdBy: command.by, createdAt: command.at.toISOString() },
      },
    ];
  },
};

type ActiveOrganisation = Extract<OrganisationState, { status: 'active' }>;

function decideUpdate(command: Extract<OrganisationCommand, { type: 'UpdateOrganisation' }>, state: ActiveOrganisation): OrganisationEvent[] {
  const { organisationId } = state;
  const at = command.at.toISOString();
  const events: OrganisationEvent[] = [];
  if (command.name !== undefined && command.name !== state.name)
    events.push({ type: 'OrganisationRenamed', data: { organisationId, name: command.name, previousName: state.name, renamedBy: command.by, renamedAt: at } });
  if (command.member !== undefined && command.member !== state.member)
    events.push({ type: 'OrganisationMembershipChanged', data: { organisationId, member: command.member, changedBy: command.by, changedAt: at } });
  return events;
}
