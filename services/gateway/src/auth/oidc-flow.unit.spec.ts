import { randomBytes } from 'node:crypto';
import { openFlow, readCookie, sealFlow } from './oidc-flow';

const key = randomBytes(32);
const now = new Date('2026-11-26T10:00:00Z');
const flow = { purpose: 'bind' as const, token: 't', state: 's', nonce: 'n', verifier: 'v', expiresAt: now.getTime() + 60_000 };

describe('OIDC flow cookie', () => {
  it('opens what it sealed until it expires', () => {
    const sealed = sealFlow(key, flow);
    expect(openFlow(key, sealed, now)).toEqual(flow);
    expect(openFlow(key, sealed, new Date(flow.expiresAt))).toBeUndefined();
  });

  it('refuses another key, altered content and garbage', () => {
    const sealed = sealFlow(key, flow);
    expect(openFlow(randomBytes(32), sealed, now)).toBeUndefined();
    const [, sig] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ ...flow, purpose: 'sign-in' })).toString('base64url');
    expect(openFlow(key, `${forged}.${sig}`, now)).toBeUndefined();
    expect(openFlow(key, undefined, now)).toBeUndefined();
    expect(openFlow(key, 'x', now)).toBeUndefined();
  });

  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; oidc_flow=x.y=; b=2', 'oidc_flow')).toBe('x.y=');
    expect(readCookie(undefined, 'oidc_flow')).toBeUndefined();
  });
});
