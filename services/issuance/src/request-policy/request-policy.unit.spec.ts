/** Issue 12: the approval policy per organisation and department, and what it does with a request. */
import type { Actor } from '@platform/kernel';
import { deciderSpec } from '@platform/testing';
import { approvalFor, mayApproveOwnRequest, requesterKind } from './approval-rules';
import { DEFAULT_APPROVAL_SETTINGS, effectiveSettings, requestPolicyDecider } from './request-policy.decider';
import type { ApprovalSettings, RequestPolicyEvent } from './request-policy.events';

const spec = deciderSpec(requestPolicyDecider);
const at = new Date('2026-12-07T09:00:00.000Z');
const strict: ApprovalSettings = { raoRequestsNeedApproval: true, draoRequestsNeedApproval: true, autoApprove: false };
const open: ApprovalSettings = { raoRequestsNeedApproval: false, draoRequestsNeedApproval: false, autoApprove: false };
const orgSet: RequestPolicyEvent = { type: 'RequestPolicySet', data: { organisationId: 'o1', settings: strict, setBy: 'rao-1', setAt: at.toISOString() } };
const deptSet: RequestPolicyEvent = { type: 'DepartmentRequestPolicySet', data: { organisationId: 'o1', departmentId: 'd1', settings: open, setBy: 'rao-1', setAt: at.toISOString() } };

const mrao: Actor = { adminId: 'm', email: 'm@x', grants: [{ role: 'MRAO' }] };
const rao = (privileges?: Actor['grants'][number]['privileges']): Actor => ({ adminId: 'r', email: 'r@x', grants: [{ role: 'RAO', organisationId: 'o1', ...(privileges ? { privileges } : {}) }] });
const drao: Actor = { adminId: 'd', email: 'd@x', grants: [{ role: 'DRAO', organisationId: 'o1', departmentId: 'd1' }] };
const orgScope = { organisationId: 'o1' };
const deptScope = { organisationId: 'o1', departmentId: 'd1' };

describe('request policy', () => {
  it('defaults: an RAO\'s request passes, a DRAO\'s is held, nobody\'s own request is approved at once', () => {
    expect(effectiveSettings(spec.given([]).state, 'd1')).toEqual({ settings: DEFAULT_APPROVAL_SETTINGS, source: 'default' });
    expect(DEFAULT_APPROVAL_SETTINGS).toEqual({ raoRequestsNeedApproval: false, draoRequestsNeedApproval: true, autoApprove: false });
    expect(approvalFor(DEFAULT_APPROVAL_SETTINGS, rao(), orgScope, 'manual')).toBe('pass');
    expect(approvalFor(DEFAULT_APPROVAL_SETTINGS, mrao, orgScope, 'manual')).toBe('pass');
    expect(approvalFor(DEFAULT_APPROVAL_SETTINGS, drao, deptScope, 'manual')).toBe('hold');
    expect(approvalFor(DEFAULT_APPROVAL_SETTINGS, drao, deptScope, 'enrollment')).toBe('hold');
  });

  it('ACME requests are never held', () => {
    expect(approvalFor(strict, drao, deptScope, 'acme')).toBe('pass');
    expect(approvalFor(strict, rao(), orgScope, 'acme')).toBe('pass');
  });

  it('a department\'s own settings win over the organisation\'s until cleared', () => {
    const given = spec.given([orgSet, deptSet]);
    expect(effectiveSettings(given.state, 'd1')).toMatchObject({ settings: open, source: 'department' });
    expect(effectiveSettings(given.state, 'd2')).toMatchObject({ settings: strict, source: 'organisation' });
    expect(effectiveSettings(given.state)).toMatchObject({ settings: strict, source: 'organisation' });
    const cleared = given.when({ type: 'ClearDepartmentPolicy', organisationId: 'o1', departmentId: 'd1', by: 'rao-1', at }).events!;
    expect(cleared).toEqual([{ type: 'DepartmentRequestPolicyCleared', data: { organisationId: 'o1', departmentId: 'd1', clearedBy: 'rao-1', clearedAt: at.toISOString() } }]);
    expect(effectiveSettings(spec.given([orgSet, deptSet, ...cleared]).state, 'd1')).toMatchObject({ settings: strict, source: 'organisation' });
  });

  it('setting what is set records nothing; setting the defaults explicitly is recorded once', () => {
    expect(spec.given([orgSet]).when({ type: 'SetPolicy', organisationId: 'o1', settings: strict, by: 'rao-2', at }).events).toEqual([]);
    expect(spec.given([]).when({ type: 'SetPolicy', organisationId: 'o1', settings: DEFAULT_APPROVAL_SETTINGS, by: 'rao-2', at }).events).toHaveLength(1);
    expect(spec.given([deptSet]).when({ type: 'SetDepartmentPolicy', organisationId: 'o1', departmentId: 'd1', settings: open, by: 'rao-2', at }).events).toEqual([]);
    expect(spec.given([]).when({ type: 'ClearDepartmentPolicy', organisationId: 'o1', departmentId: 'd1', by: 'rao-2', at }).events).toEqual([]);
  });

  it('only the three settings are recorded', () => {
    const settings = { ...strict, extra: 'x' } as ApprovalSettings;
    const [event] = spec.given([]).when({ type: 'SetPolicy', organisationId: 'o1', settings, by: 'r', at }).events!;
    expect(event.data).toEqual({ organisationId: 'o1', settings: strict, setBy: 'r', setAt: at.toISOString() });
  });

  it('autoApprove lets an MRAO\'s or RAO\'s own request pass when an MRAO or RAO grant holds approve-ssl; never a DRAO\'s', () => {
    const auto = { ...strict, autoApprove: true };
    expect(approvalFor(auto, rao(), orgScope, 'manual')).toBe('auto-approve');
    expect(approvalFor(auto, mrao, deptScope, 'manual')).toBe('auto-approve');
    expect(approvalFor(auto, rao(['request-ssl']), orgScope, 'manual')).toBe('hold');
    expect(approvalFor(auto, drao, deptScope, 'manual')).toBe('hold');
    expect(approvalFor(strict, rao(), orgScope, 'manual')).toBe('hold');
    expect(mayApproveOwnRequest(auto, drao, deptScope)).toBe(false);
    expect(mayApproveOwnRequest(strict, rao(), orgScope)).toBe(false);
  });

  it('who asks: MRAOs and the organisation\'s RAOs as RAOs, everyone else as DRAOs', () => {
    expect(requesterKind(mrao, 'o1')).toBe('rao');
    expect(requesterKind(rao(), 'o1')).toBe('rao');
    expect(requesterKind(rao(), 'o2')).toBe('drao');
    expect(requesterKind(drao, 'o1')).toBe('drao');
  });
});
