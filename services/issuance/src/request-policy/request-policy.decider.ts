import type { Decider } from '@platform/event-store';
import type { ApprovalSettings, RequestPolicyEvent } from './request-policy.events';

/**
 * Until an organisation says otherwise: an RAO's (or MRAO's) request goes through, a DRAO's waits for
 * an approver, and nobody's own request is approved at once.
 */
export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: true, autoApprove: false };

export interface SettingsRecord {
  settings: ApprovalSettings;
  setBy: string;
  setAt: string;
}

export interface RequestPolicyState {
  /** absent: never set (the defaults apply) */
  organisation?: SettingsRecord;
  /** departments with settings of their own */
  departments: Record<string, SettingsRecord>;
}

export type RequestPolicyCommand =
  | { type: 'SetPolicy'; organisationId: string; settings: ApprovalSettings; by: string; at: Date }
  | { type: 'SetDepartmentPolicy'; organisationId: string; departmentId: string; settings: ApprovalSettings; by: string; at: Date }
  | { type: 'ClearDepartmentPolicy'; organisationId: string; departmentId: string; by: string; at: Date };

const same = (a: ApprovalSettings, b: ApprovalSettings) =>
  a.raoRequestsNeedApproval === b.raoRequestsNeedApproval && a.draoRequestsNeedApproval === b.draoRequestsNeedApproval && a.autoApprove === b.autoApprove;

/** Only the three settings, whatever else the caller's object carried. */
const settingsOf = (s: ApprovalSettings): ApprovalSettings => ({
  raoRequestsNeedApproval: s.raoRequestsNeedApproval,
  draoRequestsNeedApproval: s.draoRequestsNeedApproval,
  autoApprove: s.autoApprove,
});

/** Setting what is set already records nothing (a repeated PUT is a no-op). */
export const requestPolicyDecider: Decider<RequestPolicyState, RequestPolicyCommand, RequestPolicyEvent> = {
  initialState: () => ({ departments: {} }),

  evolve(state, event) {
    switch (event.type) {
      case 'RequestPolicySet': {
        const { settings, setBy, setAt } = event.data;
        return { ...state, organisation: { settings, setBy, setAt } };
      }
      case 'DepartmentRequestPolicySet': {
        const { departmentId, settings, setBy, setAt } = event.data;
        return { ...state, departments: { ...state.departments, [departmentId]: { settings, setBy, setAt } } };
      }
      case 'DepartmentRequestPolicyCleared': {
        const { [event.data.departmentId]: _cleared, ...departments } = state.departments;
        return { ...state, departments };
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    const at = command.at.toISOString();
    switch (command.type) {
      case 'SetPolicy':
        if (state.organisation && same(state.organisation.settings, command.settings)) return [];
        return [{ type: 'RequestPolicySet', data: { organisationId: command.organisationId, settings: settingsOf(command.settings), setBy: command.by, setAt: at } }];
      case 'SetDepartmentPolicy': {
        const { organisationId, departmentId } = command;
        const current = state.departments[departmentId];
        if (current && same(current.settings, command.settings)) return [];
        return [{ type: 'DepartmentRequestPolicySet', data: { organisationId, departmentId, settings: settingsOf(command.settings), setBy: command.by, setAt: at } }];
      }
      case 'ClearDepartmentPolicy': {
        const { organisationId, departmentId } = command;
        if (!state.departments[departmentId]) return [];
        return [{ type: 'DepartmentRequestPolicyCleared', data: { organisationId, departmentId, clearedBy: command.by, clearedAt: at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};

/** The settings a department's requests (or, without one, the organisation-wide ones) follow, and where they come from. */
export function effectiveSettings(
  state: RequestPolicyState,
  departmentId?: string,
): { settings: ApprovalSettings; source: 'default' | 'organisation' | 'department'; record?: SettingsRecord } {
  const own = departmentId ? state.departments[departmentId] : undefined;
  if (own) return { settings: own.settings, source: 'department', record: own };
  if (state.organisation) return { settings: state.organisation.settings, source: 'organisation', record: state.organisation };
  return { settings: DEFAULT_APPROVAL_SETTINGS, source: 'default' };
}
