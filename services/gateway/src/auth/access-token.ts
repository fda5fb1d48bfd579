import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor } from '@platform/kernel';

/**
 * Short-lived bearer tokens (JWT, HS256) carrying the admin's grants, signed by the gateway.
 * Services trust the actor the gateway passes on; nothing else faces the outside.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'JWT' });

export function issueAccessToken(secret: Buffer, actor: Actor, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  // iat_ms: the instant to the millisecond, compared with identity's "tokens valid after" (iat is whole seconds).
  const claims = { sub: actor.adminId, email: actor.email, grants: actor.grants, iat, iat_ms: now.getTime(), exp: iat + ACCESS_TOKEN_TTL_SECONDS };
  const body = `${HEADER}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export function verifyAccessToken(secret: Buffer, token: string, now: Date): Actor | undefined {
  return readAccessToken(secret, token, now)?.actor;
}

/** The actor and the instant the token was issued, when the signature and the expiry hold. */
export function readAccessToken(secret: Buffer, token: string, now: Date): { actor: Actor; issuedAt: number } | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length > 0 || header !== HEADER) return undefined;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return undefined;
    const issuedAt = typeof claims.iat_ms === 'number' ? claims.iat_ms : claims.iat * 1000;
    return { actor: { adminId: claims.sub, email: claims.email, grants: claims.grants }, issuedAt };
  } catch {
    return undefined;
  }
}
