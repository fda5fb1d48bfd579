import { deciderSpec } from '@platform/testing';
import { adminDecider } from './admin.decider';
import type { AdminEvent } from './admin.events';
import { isLocked, lockedUntil } from './lockout';

const spec = deciderSpec(adminDecider);
const at = new Date('2026-11-26T10:00:00Z');
const created: AdminEvent[] = [
  { type: 'AdminCreated', data: { adminId: 'a1', email: 'd@x.ac.uk', name: 'D', grants: [{ role: 'DRAO', organisationId: 'o1', departmentId: 'd1' }], createdBy: 'r1' } },
  { type: 'PasswordSet', data: { adminId: 'a1', passwordHash: 'h' } },
];
const then = (events: AdminEvent[], ...more: AdminEvent[][]) => [...events, ...more.flat()];

describe('admin lifecycle: suspend, reactivate, delete, grants', () => {
  it('suspends once, reactivates to active, and repeats change nothing', () => {
    const suspended = spec.given(created).when({ type: 'SuspendAdmin', by: 'r1' }).events!;
    expect(suspended).toEqual([{ type: 'AdminSuspended', data: { adminId: 'a1', by: 'r1' } }]);
    expect(spec.given(then(created, suspended)).state).toMatchObject({ status: 'suspended' });
    expect(spec.given(then(created, suspended)).when({ type: 'SuspendAdmin', by: 'r1' }).events).toEqual([]);
    const back = spec.given(then(created, suspended)).when({ type: 'ReactivateAdmin', by: 'r2' }).events!;
    expect(spec.given(then(created, suspended, back)).state).toMatchObject({ status: 'active' });
    expect(spec.given(created).when({ type: 'ReactivateAdmin', by: 'r1' }).events).toEqual([]);
  });

  it('a reactivated account that never set a password is invited again, not active', () => {
    const invitedOnly = [created[0]];
    const events = then(invitedOnly, [{ type: 'AdminSuspended', data: { adminId: 'a1', by: 'r' } }, { type: 'AdminReactivated', data: { adminId: 'a1', by: 'r' } }]);
    expect(spec.given(events).state).toMatchObject({ status: 'invited' });
  });

  it('a deleted account answers as absent to every later command', () => {
    const deleted = spec.given(created).when({ type: 'DeleteAdmin', by: 'r1' }).events!;
    expect(deleted[0].type).toBe('AdminDeleted');
    const after = then(created, deleted);
    expect(spec.given(after).when({ type: 'DeleteAdmin', by: 'r1' }).events).toEqual([]);
    expect(spec.given(after).when({ type: 'SuspendAdmin', by: 'r1' }).error?.code).toBe('ADMIN_NOT_FOUND');
    expect(spec.given(after).when({ type: 'ChangeGrants', grants: [], by: 'r1' }).error?.code).toBe('ADMIN_NOT_FOUND');
  });

  it('records grant changes with the previous grants; the same grants change nothing', () => {
    const grants = [{ role: 'DRAO' as const, organisationId: 'o1', departmentId: 'd2' }];
    const changed = spec.given(created).when({ type: 'ChangeGrants', grants, by: 'r1' }).events!;
    expect(changed).toEqual([{ type: 'GrantsChanged', data: { adminId: 'a1', grants, previous: [{ role: 'DRAO', organisationId: 'o1', departmentId: 'd1' }], by: 'r1' } }]);
    expect(spec.given(then(created, changed)).when({ type: 'ChangeGrants', grants, by: 'r1' }).events).toEqual([]);
  });

  it('an invitation of a suspended account cannot be accepted', () => {
    const invite = spec.given([]).when({ type: 'InviteAdmin', adminId: 'a1', email: 'e@x', name: 'E', grants: [], by: 'r', invitationId: 'i1', expiresAt: new Date('2026-12-03Z') }).events!;
    const events = then(invite, [{ type: 'AdminSuspended', data: { adminId: 'a1', by: 'r' } }]);
    expect(spec.given(events).when({ type: 'AcceptInvitation', invitationId: 'i1', passwordHash: 'h', at }).error?.code).toBe('ADMIN_SUSPENDED');
  });
});

describe('sign-in failures back off exponentially and a success resets them', () => {
  const fail = (n: number, minute = 0): AdminEvent[] =>
    Array.from({ length: n }, () => ({ type: 'SignInFailed', data: { adminId: 'a1', at: new Date(at.getTime() + minute * 60_000).toISOString() } }));

  it('locks after the fifth failure for 1, 2, 4 … minutes, at most an hour', () => {
    expect(lockedUntil(4, at.toISOString())).toBeUndefined();
    expect(lockedUntil(5, at.toISOString())).toEqual(new Date(at.getTime() + 60_000));
    expect(lockedUntil(7, at.toISOString())).toEqual(new Date(at.getTime() + 4 * 60_000));
    expect(lockedUntil(30, at.toISOString())).toEqual(new Date(at.getTime() + 3_600_000));
  });

  it('counts failures from events; a SignedIn resets the count', () => {
    const state = spec.given(then(created, fail(5))).state;
    expect(state).toMatchObject({ failures: 5 });
    if (state.status === 'none') throw new Error('no account');
    expect(isLocked(state.failures, state.lastFailureAt, new Date(at.getTime() + 30_000))).toBe(true);
    expect(isLocked(state.failures, state.lastFailureAt, new Date(at.getTime() + 60_000))).toBe(false);
    const ok = spec.given(then(created, fail(5))).when({ type: 'RecordSignIn', at, ok: true, method: 'password' }).events!;
    expect(spec.given(then(created, fail(5), ok)).state).toMatchObject({ failures: 0 });
  });
});

describe('IdP invitation and binding', () => {
  const invite = spec.given(created).when({ type: 'InviteToIdp', invitationId: 'p1', expiresAt: new Date('2026-12-03T10:00:00Z'), by: 'r1' }).events!;
  const bind = { type: 'BindIdp' as const, invitationId: 'p1', issuer: 'https://idp', subject: 's1', at };

  it('binds issuer and subject once; the account is IdP-bound and loses its password', () => {
    expect(invite).toEqual([
      { type: 'IdpInvited', data: { adminId: 'a1', email: 'd@x.ac.uk', name: 'D', invitationId: 'p1', expiresAt: '2026-12-03T10:00:00.000Z', invitedBy: 'r1' } },
    ]);
    const bound = spec.given(then(created, invite)).when(bind).events!;
    expect(bound).toEqual([{ type: 'IdpBound', data: { adminId: 'a1', invitationId: 'p1', issuer: 'https://idp', subject: 's1' } }]);
    const state = spec.given(then(created, invite, bound)).state;
    expect(state).toMatchObject({ type: 'idp', idp: { issuer: 'https://idp', subject: 's1' }, passwordHash: undefined });
    expect(spec.given(then(created, invite, bound)).when(bind).error?.code).toBe('IDP_ALREADY_BOUND');
    expect(spec.given(then(created, invite, bound)).when({ type: 'InviteToIdp', invitationId: 'p2', expiresAt: at, by: 'r1' }).error?.code).toBe(
      'IDP_ALREADY_BOUND',
    );
  });

  it('refuses an expired, foreign or missing IdP invitation, and API accounts', () => {
    expect(spec.given(then(created, invite)).when({ ...bind, at: new Date('2026-12-03T10:00:00Z') }).error?.code).toBe('INVITATION_EXPIRED');
    expect(spec.given(then(created, invite)).when({ ...bind, invitationId: 'other' }).error?.code).toBe('INVITATION_INVALID');
    expect(spec.given(created).when(bind).error?.code).toBe('INVITATION_INVALID');
    const api: AdminEvent[] = [{ type: 'AdminCreated', data: { ...created[0].data, type: 'api' } as never }];
    expect(spec.given(api).when({ type: 'InviteToIdp', invitationId: 'p1', expiresAt: at, by: 'r1' }).error?.code).toBe('ADMIN_IS_API');
  });
});

describe('changing one\'s password', () => {
  it('is for active password accounts only', () => {
    expect(spec.given(created).when({ type: 'ChangePassword', passwordHash: 'h2', at }).events).toEqual([
      { type: 'PasswordSet', data: { adminId: 'a1', passwordHash: 'h2', changedAt: at.toISOString() } },
    ]);
    expect(spec.given([created[0]]).when({ type: 'ChangePassword', passwordHash: 'h2', at }).error?.code).toBe('PASSWORD_NOT_CHANGEABLE');
    const suspended = then(created, [{ type: 'AdminSuspended', data: { adminId: 'a1', by: 'r' } }]);
    expect(spec.given(suspended).when({ type: 'ChangePassword', passwordHash: 'h2', at }).error?.code).toBe('PASSWORD_NOT_CHANGEABLE');
  });
});

describe('re-sending an invitation', () => {
  const invite = spec.given([]).when({ type: 'InviteAdmin', adminId: 'a1', email: 'e@x', name: 'E', grants: [], by: 'r', invitationId: 'i1', expiresAt: new Date('2026-12-03Z') }).events!;

  it('issues a new invitation id, so the old link stops working; only while still invited', () => {
    const again = spec.given(invite).when({ type: 'ReinviteAdmin', invitationId: 'i2', expiresAt: new Date('2026-12-10Z'), by: 'r2' }).events!;
    expect(again).toMatchObject([{ type: 'AdminInvited', data: { invitationId: 'i2', invitedBy: 'r2', expiresAt: '2026-12-10T00:00:00.000Z' } }]);
    const later = new Date('2026-12-05Z');
    expect(spec.given([...invite, ...again]).when({ type: 'AcceptInvitation', invitationId: 'i1', passwordHash: 'h', at: later }).error?.code).toBe('INVITATION_INVALID');
    expect(spec.given([...invite, ...again]).when({ type: 'AcceptInvitation', invitationId: 'i2', passwordHash: 'h', at: later }).events).toHaveLength(1);
    expect(spec.given(created).when({ type: 'ReinviteAdmin', invitationId: 'i3', expiresAt: later, by: 'r' }).error?.code).toBe('ADMIN_NOT_INVITED');
  });
});
