import { createHash } from 'node:crypto';
import { type EventStore, WrongExpectedRevisionError, aggregateStream, eventMetadata } from '@platform/event-store';
import { adminDecider, type AdminState } from './admin.decider';
import { adminStream, type EmailClaimEvent } from './admin.events';

const emailStream = (email: string) =>
  `admin-email-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

export async function findAdminByEmail(store: EventStore, email: string): Promise<AdminState> {
  const [claim] = await store.readStream(emailStream(email), { maxCount: 1 });
  if (!claim) return { status: 'none' };
  const { state } = await aggregateStream(store, adminStream((claim.data as EmailClaimEvent['data']).adminId), adminDecider);
  return state;
}

/**
 * Reserves the address for `adminId`, or returns the id that holds it. A claim whose account was never
 * written (a crash in between) is handed to the caller to finish, so an address cannot be lost.
 */
export async function claimEmail(
  store: EventStore,
  email: string,
  adminId: string,
  at: Date,
  actor: string,
): Promise<{ adminId: string; accountExists: boolean }> {
  const stream = emailStream(email);
  try {
    const event: EmailClaimEvent = { type: 'EmailClaimed', data: { email, adminId } };
    await store.appendToStream(stream, [{ ...event, metadata: eventMetadata({ at, actor }) }], 'no_stream');
    return { adminId, accountExists: false };
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    const [claim] = await store.readStream(stream, { maxCount: 1 });
    const holder = (claim.data as EmailClaimEvent['data']).adminId;
    const account = await store.readStream(adminStream(holder), { maxCount: 1 });
    return { adminId: holder, accountExists: account.length > 0 };
  }
}
