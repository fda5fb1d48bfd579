import { randomBytes } from 'node:crypto';
import { deciderSpec } from '@platform/testing';
import { invitationToken } from '../admin/invitation-token';
import { SESSION_LIFETIME_MS, sessionDecider } from './session.decider';
import { parseRefreshToken, refreshToken } from './sessions';

const spec = deciderSpec(sessionDecider);
const at = new Date('2026-11-26T10:00:00Z');
const started = spec.given([]).when({ type: 'StartSession', sessionId: 's1', adminId: 'a1', refreshId: 'r1', at, method: 'password' }).events!;

it('records when the session began', () => expect(started[0].data).toMatchObject({ startedAt: at.toISOString() }));

describe('session: rotating refresh tokens', () => {
  it('rotates the refresh id on every refresh', () => {
    const refreshed = spec.given(started).when({ type: 'RefreshSession', presentedRefreshId: 'r1', newRefreshId: 'r2', at }).events!;
    expect(refreshed).toEqual([{ type: 'SessionRefreshed', data: { sessionId: 's1', refreshId: 'r2' } }]);
    expect(spec.given([...started, ...refreshed]).state).toMatchObject({ refreshId: 'r2', status: 'active' });
  });

  it('a replaced refresh token ends the session (reuse means theft)', () => {
    const refreshed = spec.given(started).when({ type: 'RefreshSession', presentedRefreshId: 'r1', newRefreshId: 'r2', at }).events!;
    const reused = spec.given([...started, ...refreshed]).when({ type: 'RefreshSession', presentedRefreshId: 'r1', newRefreshId: 'r3', at }).events!;
    expect(reused).toEqual([{ type: 'SessionEnded', data: { sessionId: 's1', reason: 'refresh-token-reused' } }]);
    const after = [...started, ...refreshed, ...reused];
    expect(spec.given(after).when({ type: 'RefreshSession', presentedRefreshId: 'r2', newRefreshId: 'r4', at }).error?.code).toBe('SESSION_ENDED');
  });

  it('signed out or expired sessions refresh no more', () => {
    const ended = spec.given(started).when({ type: 'EndSession', reason: 'sign-out' }).events!;
    expect(spec.given([...started, ...ended]).when({ type: 'RefreshSession', presentedRefreshId: 'r1', newRefreshId: 'x', at }).error?.code).toBe('SESSION_ENDED');
    expect(spec.given([...started, ...ended]).when({ type: 'EndSession', reason: 'sign-out' }).events).toEqual([]);
    const late = new Date(at.getTime() + SESSION_LIFETIME_MS);
    expect(spec.given(started).when({ type: 'RefreshSession', presentedRefreshId: 'r1', newRefreshId: 'x', at: late }).error?.code).toBe('SESSION_EXPIRED');
  });

  it('refresh tokens are bound to their purpose: an invitation link is no refresh token', () => {
    const secret = randomBytes(32);
    expect(parseRefreshToken(secret, refreshToken(secret, 's1', 'r1'))).toEqual({ sessionId: 's1', refreshId: 'r1' });
    expect(() => parseRefreshToken(secret, invitationToken(secret, 's1', 'r1'))).toThrow(/not valid/);
  });
});
