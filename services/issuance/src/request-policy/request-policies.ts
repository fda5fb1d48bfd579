import { Inject, Injectable } from '@nestjs/common';
import type { Issuance } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import type { Scope } from '@platform/kernel';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { type RequestPolicyState, effectiveSettings, requestPolicyDecider } from './request-policy.decider';
import { type ApprovalSettings, requestPolicyStream } from './request-policy.events';

/** Reads an organisation's approval policy from its stream (a few events: read for each manual request, never cached, so a change counts at once on every instance). */
@Injectable()
export class RequestPolicies {
  constructor(@Inject(ISSUANCE_STORE) private readonly store: EventStore) {}

  async load(organisationId: string): Promise<{ state: RequestPolicyState; revision: number }> {
    return aggregateStream(this.store, requestPolicyStream(organisationId), requestPolicyDecider);
  }

  /** The settings a request in `scope` follows. */
  async settingsFor(scope: Scope): Promise<ApprovalSettings> {
    return effectiveSettings((await this.load(scope.organisationId)).state, scope.departmentId).settings;
  }
}

/** The organisation's policy as the API shows it; `departments` limits the departments listed (a DRAO's own). */
export function toRequestPolicyView(organisationId: string, state: RequestPolicyState, departments?: string[]): Issuance.RequestPolicy {
  const { settings, source, record } = effectiveSettings(state);
  return {
    organisationId,
    ...settings,
    defaults: source === 'default',
    ...(record ? { setBy: record.setBy, setAt: record.setAt } : {}),
    departments: Object.entries(state.departments)
      .filter(([departmentId]) => !departments || departments.includes(departmentId))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([departmentId, r]) => ({ departmentId, ...r.settings, setBy: r.setBy, setAt: r.setAt })),
  };
}

/** The settings a department's requests follow: its own, or the organisation's (inherited). */
export function toDepartmentPolicyView(organisationId: string, departmentId: string, state: RequestPolicyState): Issuance.DepartmentRequestPolicy {
  const { settings, source, record } = effectiveSettings(state, departmentId);
  return {
    organisationId,
    departmentId,
    ...settings,
    inherited: source !== 'department',
    ...(record ? { setBy: record.setBy, setAt: record.setAt } : {}),
  };
}
