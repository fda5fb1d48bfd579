import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The state of one browser's trip to the identity provider (PKCE verifier, state, nonce, and for a
 * binding the invitation token), kept in an HttpOnly cookie signed with the gateway's token key, so
 * the gateway stays without server-side session storage and any instance can finish the flow.
 */
export interface OidcFlow {
  purpose: 'bind' | 'sign-in';
  /** the IdP invitation token (bind only) */
  token?: string;
  state: string;
  nonce: string;
  verifier: string;
  /** epoch ms */
  expiresAt: number;
}

export const FLOW_COOKIE = 'oidc_flow';
export const FLOW_PATH = '/api/v1/auth/oidc';
export const FLOW_TTL_MS = 10 * 60_000;

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(`oidc-flow:${payload}`).digest('base64url');

export function sealFlow(key: Buffer, flow: OidcFlow): string {
  const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

export function openFlow(key: Buffer, sealed: string | undefined, now: Date): OidcFlow | undefined {
  const [payload, given, ...rest] = (sealed ?? '').split('.');
  if (!payload || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(key, payload));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  try {
    const flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OidcFlow;
    return flow.expiresAt > now.getTime() ? flow : undefined;
  } catch {
    return undefined;
  }
}

/** One cookie's value from a Cookie header (no cookie-parser in this gateway). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
