import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { isUuid } from '@platform/kernel';
import { type AdminEvent, adminStream } from '../admin/admin.events';
import { evolveAdmin, type AdminState } from '../admin/admin.state';
import { IDENTITY_STORE } from '../identity.tokens';

export class AdminAccessQuery extends Query<Identity.AdminAccessResponse> {
  constructor(readonly input: Identity.AdminAccessRequest) {
    super();
  }
}

/**
 * Events after which tokens issued earlier must stop working: the account was suspended or deleted
 * (the status says so too, but a reactivation must not revive the old tokens), its grants changed
 * (the token carries the old ones), or its owner changed the password (as refresh sessions end then).
 */
const ENDS_TOKENS: ReadonlySet<AdminEvent['type']> = new Set(['AdminSuspended', 'AdminDeleted', 'GrantsChanged']);

/** Pure: the account's status and the instant from which its access tokens count. */
export function adminAccess(events: readonly RecordedEvent[]): Identity.AdminAccessResponse {
  let state: AdminState = { status: 'none' };
  let tokensValidAfter: string | undefined;
  for (const recorded of events) {
    const event = recorded as unknown as AdminEvent;
    state = evolveAdmin(state, event);
    const changedPassword = event.type === 'PasswordSet' && event.data.changedAt !== undefined;
    if (ENDS_TOKENS.has(event.type) || changedPassword) tokensValidAfter = recorded.metadata.occurredAt;
  }
  return { status: state.status, ...(tokensValidAfter ? { tokensValidAfter } : {}) };
}

@QueryHandler(AdminAccessQuery)
export class AdminAccessHandler implements IQueryHandler<AdminAccessQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: AdminAccessQuery): Promise<Identity.AdminAccessResponse> {
    if (!isUuid(input.adminId)) return { status: 'none' };
    return adminAccess(await this.store.readStream(adminStream(input.adminId)));
  }
}
