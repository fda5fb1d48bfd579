import type { RecordedEvent } from '@platform/event-store';
import { adminAccess } from './admin-access.handler';

let position = 0n;
const at = (occurredAt: string, type: string, data: Record<string, unknown> = {}): RecordedEvent =>
  ({ type, data: { adminId: 'a', by: 'b', ...data }, metadata: { occurredAt, actor: 'b' }, position: ++position, revision: position, streamId: 'admin-a', id: `e${position}` }) as unknown as RecordedEvent;
const created = at('2026-11-26T09:00:00.000Z', 'AdminCreated', { email: 'a@x', name: 'a', grants: [] });
const password = at('2026-11-26T09:01:00.000Z', 'PasswordSet', { passwordHash: 'h' });

describe('admin access (what the gateway checks tokens against)', () => {
  it('an active account whose tokens all count', () => {
    expect(adminAccess([created, password])).toEqual({ status: 'active' });
  });

  it('a suspension ends earlier tokens, and a reactivation does not revive them', () => {
    const suspended = at('2026-11-26T10:00:00.000Z', 'AdminSuspended');
    expect(adminAccess([created, password, suspended])).toEqual({ status: 'suspended', tokensValidAfter: '2026-11-26T10:00:00.000Z' });
    expect(adminAccess([created, password, suspended, at('2026-11-26T10:05:00.000Z', 'AdminReactivated')])).toEqual({
      status: 'active',
      tokensValidAfter: '2026-11-26T10:00:00.000Z',
    });
  });

  it('deletion, new grants and a password change by the owner end earlier tokens; setting the first password does not', () => {
    expect(adminAccess([created, password, at('2026-11-26T11:00:00.000Z', 'AdminDeleted')]).tokensValidAfter).toBe('2026-11-26T11:00:00.000Z');
    expect(adminAccess([created, password, at('2026-11-26T12:00:00.000Z', 'GrantsChanged', { grants: [], previous: [] })]).tokensValidAfter).toBe(
      '2026-11-26T12:00:00.000Z',
    );
    expect(adminAccess([created, password, at('2026-11-26T13:00:00.000Z', 'PasswordSet', { passwordHash: 'h2', changedAt: '2026-11-26T13:00:00.000Z' })]).tokensValidAfter).toBe(
      '2026-11-26T13:00:00.000Z',
    );
  });

  it('an unknown account', () => {
    expect(adminAccess([])).toEqual({ status: 'none' });
  });
});
