import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from './access-token';

const secret = randomBytes(32);
const actor = { adminId: 'a1', email: 'rao@example.ac.uk', grants: [{ role: 'RAO' as const, organisationId: 'o1' }] };
const now = new Date('2026-11-26T10:00:00Z');

describe('access token', () => {
  it('round-trips the actor until it expires', () => {
    const token = issueAccessToken(secret, actor, now);
    expect(verifyAccessToken(secret, token, now)).toEqual(actor);
    expect(verifyAccessToken(secret, token, new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000))).toBeUndefined();
  });

  it('refuses a token signed with another key or with altered claims', () => {
    const token = issueAccessToken(secret, actor, now);
    expect(verifyAccessToken(randomBytes(32), token, now)).toBeUndefined();
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), grants: [{ role: 'MRAO' }] }),
    ).toString('base64url');
    expect(verifyAccessToken(secret, `${h}.${forged}.${s}`, now)).toBeUndefined();
    expect(verifyAccessToken(secret, 'garbage', now)).toBeUndefined();
  });
});
