import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { ACME_STORE } from '../acme.tokens';
import { accountDecider, accountStream } from '../account/account.decider';
import { malformed } from '../http/acme-problem';
import { type ValidAccount, parseContact } from '../new-account/new-account';

/** Account update (RFC 8555 §7.3.2): new contacts, or deactivation (§7.3.6), which is final. */
@Injectable()
export class UpdateAccount {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(account: ValidAccount, payload: unknown): Promise<ValidAccount> {
    if (payload === undefined) return account;
    const p = payload as { contact?: unknown; status?: unknown };
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: `acme-account:${account.accountId}` });
    let state = account;
    if (p.contact !== undefined) {
      const contact = parseContact(p.contact);
      state = (await handleCommand(this.store, accountStream(account.accountId), accountDecider, { type: 'ChangeContact', contact }, metadata)).state as ValidAccount;
    }
    if (p.status !== undefined) {
      if (p.status !== 'deactivated') throw malformed('An account\'s "status" can only be set to "deactivated".');
      state = (await handleCommand(this.store, accountStream(account.accountId), accountDecider, { type: 'Deactivate', at: at.toISOString() }, metadata)).state as ValidAccount;
    }
    return state;
  }
}
