import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The link's token is derived, not stored: `<adminId>.<invitationId>.<HMAC>`. The event log keeps
 * only the invitation id, so reading the log does not give anyone a usable link.
 */
const mac = (secret: Buffer, adminId: string, invitationId: string) =>
  createHmac('sha256', secret).update(`invitation:${adminId}.${invitationId}`).digest('base64url');

export const invitationToken = (secret: Buffer, adminId: string, invitationId: string): string =>
  `${adminId}.${invitationId}.${mac(secret, adminId, invitationId)}`;

export function parseInvitationToken(secret: Buffer, token: string): { adminId: string; invitationId: string } | undefined {
  const [adminId, invitationId, given, ...rest] = token.split('.');
  if (!adminId || !invitationId || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(secret, adminId, invitationId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { adminId, invitationId } : undefined;
}
