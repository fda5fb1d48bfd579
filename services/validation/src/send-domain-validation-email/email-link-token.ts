import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The e-mailed link's token is derived, not stored: `<base64url(org domain challenge)>.<HMAC>`.
 * The event log keeps only the challenge id, so reading the log gives nobody a usable link.
 */
const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(`dcv-email:${payload}`).digest('base64url');

export interface EmailChallengeRef {
  organisationId: string;
  domain: string;
  challengeId: string;
}

export function emailLinkToken(secret: Buffer, ref: EmailChallengeRef): string {
  const payload = Buffer.from(`${ref.organisationId} ${ref.domain} ${ref.challengeId}`).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function parseEmailLinkToken(secret: Buffer, token: string): EmailChallengeRef | undefined {
  const [payload, given, ...rest] = token.split('.');
  if (!payload || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  const [organisationId, domain, challengeId] = Buffer.from(payload, 'base64url').toString().split(' ');
  return organisationId && domain && challengeId ? { organisationId, domain, challengeId } : undefined;
}
