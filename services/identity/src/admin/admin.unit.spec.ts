import { deciderSpec } from '@platform/testing';
import { adminDecider } from './admin.decider';

const spec = deciderSpec(adminDecider);
const invited = spec.given([]).when({
  type: 'InviteAdmin',
  adminId: 'a1',
  email: 'rao@example.ac.uk',
  name: 'R A O',
  grants: [{ role: 'RAO', organisationId: 'o1' }],
  by: 'm1',
  invitationId: 'i1',
  expiresAt: new Date('2026-12-03T00:00:00Z'),
}).events!;

describe('admin account', () => {
  it('an invitation creates the account and an invitation that sets the password once', () => {
    expect(invited.map((e) => e.type)).toEqual(['AdminCreated', 'AdminInvited']);
    const at = new Date('2026-11-27T00:00:00Z');
    const accepted = spec.given(invited).when({ type: 'AcceptInvitation', invitationId: 'i1', passwordHash: 'h', at });
    expect(accepted.events).toEqual([{ type: 'PasswordSet', data: { adminId: 'a1', passwordHash: 'h', invitationId: 'i1' } }]);
    const again = spec.given([...invited, ...accepted.events!]).when({ type: 'AcceptInvitation', invitationId: 'i1', passwordHash: 'x', at });
    expect(again.error?.code).toBe('INVITATION_INVALID');
  });

  it('refuses an expired or foreign invitation', () => {
    const late = new Date('2026-12-03T00:00:00Z');
    expect(spec.given(invited).when({ type: 'AcceptInvitation', invitationId: 'i1', passwordHash: 'h', at: late }).error?.code).toBe(
      'INVITATION_EXPIRED',
    );
    expect(
      spec.given(invited).when({ type: 'AcceptInvitation', invitationId: 'other', passwordHash: 'h', at: new Date('2026-11-27') }).error
        ?.code,
    ).toBe('INVITATION_INVALID');
  });

  it('creating the bootstrap operator twice changes nothing', () => {
    const command = { type: 'CreateOperator' as const, adminId: 'm1', email: 'ops@x', name: 'Ops', passwordHash: 'h' };
    const first = spec.given([]).when(command).events!;
    expect(first.map((e) => e.type)).toEqual(['AdminCreated', 'PasswordSet']);
    expect(spec.given(first).when(command).events).toEqual([]);
  });
});
