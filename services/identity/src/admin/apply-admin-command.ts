import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { type AdminAccount, type AdminCommand, adminDecider } from './admin.decider';
import { adminStream } from './admin.events';
import { adminView } from './admin-directory';

/** Runs an admin command and answers the account as it is afterwards. */
export async function applyAdminCommand(
  store: EventStore,
  adminId: string,
  command: AdminCommand,
  meta: { at: Date; actor: string; correlationId?: string },
): Promise<Identity.AdminView> {
  const { state } = await handleCommand(store, adminStream(adminId), adminDecider, command, eventMetadata(meta));
  return adminView(state as AdminAccount);
}
