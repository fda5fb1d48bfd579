import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { type Actor, type Clock, newId } from '@platform/kernel';
import { INVITATION_VALIDITY_MS } from '../invite-admin/invite-admin.handler';
import { manageableAdmin } from './admin-directory';
import { adminDecider } from './admin.decider';
import { adminStream } from './admin.events';

/**
 * A new invitation for an admin the actor may manage (a password one again, or one to an IdP),
 * valid for INVITATION_VALIDITY_MS; it replaces an unused one. Notifications mails the link.
 */
export async function newInvitation(
  store: EventStore,
  clock: Clock,
  type: 'ReinviteAdmin' | 'InviteToIdp',
  { actor, adminId }: { actor: Actor; adminId: string },
  correlationId?: string,
): Promise<{ adminId: string; invitationExpiresAt: string }> {
  await manageableAdmin(store, actor, adminId);
  const at = clock.now();
  const expiresAt = new Date(at.getTime() + INVITATION_VALIDITY_MS);
  await handleCommand(
    store,
    adminStream(adminId),
    adminDecider,
    { type, invitationId: newId(), expiresAt, by: actor.adminId },
    eventMetadata({ at, actor: actor.adminId, correlationId }),
  );
  return { adminId, invitationExpiresAt: expiresAt.toISOString() };
}
