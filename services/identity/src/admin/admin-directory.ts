import { createHash } from 'node:crypto';
import type { Identity } from '@platform/contracts';
import { type EventStore, WrongExpectedRevisionError, aggregateStream, eventMetadata } from '@platform/event-store';
import { type Actor, DomainError } from '@platform/kernel';
import { type AdminAccount, adminDecider, type AdminState } from './admin.decider';
import { ADMIN_EVENT_TYPES, type AdminEvent, adminStream, type EmailClaimEvent, type IdpClaimEvent } from './admin.events';
import { evolveAdmin } from './admin.state';
import { canManageAdmin, canSeeAdmin } from './delegation';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');
const emailStream = (email: string) => `admin-email-${digest(email.trim().toLowerCase())}`;
const idpStream = (issuer: string, subject: string) => `admin-idp-${digest(`${issuer}\n${subject}`)}`;

export const loadAdmin = async (store: EventStore, adminId: string): Promise<AdminState> =>
  (await aggregateStream(store, adminStream(adminId), adminDecider)).state;

export async function findAdminByEmail(store: EventStore, email: string): Promise<AdminState> {
  const [claim] = await store.readStream(emailStream(email), { maxCount: 1 });
  if (!claim) return { status: 'none' };
  return loadAdmin(store, (claim.data as EmailClaimEvent['data']).adminId);
}

export async function findAdminByIdp(store: EventStore, issuer: string, subject: string): Promise<AdminState> {
  const [claim] = await store.readStream(idpStream(issuer, subject), { maxCount: 1 });
  if (!claim) return { status: 'none' };
  return loadAdmin(store, (claim.data as IdpClaimEvent['data']).adminId);
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

/** Reserves an IdP identity for one account; answers the holder when it is taken. */
export async function claimIdpIdentity(store: EventStore, issuer: string, subject: string, adminId: string, at: Date): Promise<string> {
  const stream = idpStream(issuer, subject);
  try {
    const event: IdpClaimEvent = { type: 'IdpIdentityClaimed', data: { issuer, subject, adminId } };
    await store.appendToStream(stream, [{ ...event, metadata: eventMetadata({ at, actor: adminId }) }], 'no_stream');
    return adminId;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    const [claim] = await store.readStream(stream, { maxCount: 1 });
    return (claim.data as IdpClaimEvent['data']).adminId;
  }
}

/**
 * Every account, folded from the log. Fine for the hundreds of admins a member organisation has;
 * a read model replaces it when the numbers grow (listed as left in issue 4).
 */
export async function allAdmins(store: EventStore): Promise<AdminAccount[]> {
  const states = new Map<string, AdminState>();
  for (let after: bigint | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const e of page)
      if (ADMIN_EVENT_TYPES.has(e.type) && e.streamId.startsWith('admin-'))
        states.set(e.streamId, evolveAdmin(states.get(e.streamId) ?? { status: 'none' }, e as unknown as AdminEvent));
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return [...states.values()].filter((s): s is AdminAccount => s.status !== 'none' && s.status !== 'deleted');
}

export const adminView = (a: AdminAccount): Identity.AdminView => ({
  id: a.adminId,
  email: a.email,
  name: a.name,
  type: a.type,
  status: a.status,
  grants: a.grants,
  ...(a.idp ? { idpIssuer: a.idp.issuer } : {}),
});

const notFound = (adminId: string) => new DomainError('ADMIN_NOT_FOUND', 'not_found', 'No such admin.', { adminId });

/** The account when the actor can see it; absent, deleted or out of scope all answer 404. */
export async function visibleAdmin(store: EventStore, actor: Actor, adminId: string): Promise<AdminAccount> {
  const state = await loadAdmin(store, adminId);
  if (state.status === 'none' || state.status === 'deleted' || !canSeeAdmin(actor, state)) throw notFound(adminId);
  return state;
}

/** The account when the actor may manage it: not itself, and every grant of it within what the actor may give. */
export async function manageableAdmin(store: EventStore, actor: Actor, adminId: string): Promise<AdminAccount> {
  const admin = await visibleAdmin(store, actor, adminId);
  if (admin.adminId === actor.adminId)
    throw new DomainError('SELF_MANAGEMENT', 'forbidden', 'You cannot change your own account this way; ask another administrator.');
  if (!canManageAdmin(actor, admin))
    throw new DomainError(
      'ADMIN_OUTRANKS_YOU',
      'forbidden',
      'This admin holds a grant or privilege you cannot give (or you lack "manage-admins" for it); ask an administrator with a wider grant.',
      { adminId },
    );
  return admin;
}
