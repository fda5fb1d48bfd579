import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The link's token is derived, not stored: `<adminId>.<invitationId>.<HMAC>`. The event log keeps
 * only the invitation id, so reading the log does not give anyone a usable link.
 */
/** What a token is for: a token made for one purpose never passes as another (a password link is no IdP link). */
export type TokenPurpose = 'invitation' | 'idp-invitation' | 'refresh';

const mac = (secret: Buffer, adminId: string, invitationId: string, purpose: TokenPurpose) =>
  createHmac('sha256', secret).update(`${purpose}:${adminId}.${invitationId}`).digest('base64url');

export const invitationToken = (secret: Buffer, adminId: string, invitationId: string, purpose: TokenPurpose = 'invitation'): string =>
  `${adminId}.${invitationId}.${mac(secret, adminId, invitationId, purpose)}`;

export function parseInvitationToken(
  secret: Buffer,
  token: string,
  purpose: TokenPurpose = 'invitation',
): { adminId: string; invitationId: string } | undefined {
  const [adminId, invitationId, given, ...rest] = token.split('.');
  if (!adminId || !invitationId || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(secret, adminId, invitationId, purpose));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { adminId, invitationId } : undefined;
}
