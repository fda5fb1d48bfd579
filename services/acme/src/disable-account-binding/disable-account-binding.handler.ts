import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Acme } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, isDomainError } from '@platform/kernel';
import { AcmeCaches } from '../acme.caches';
import { ACME_STORE } from '../acme.tokens';
import { accountDecider, accountStream } from '../account/account.decider';
import { type KnownBinding, assertManages, bindingNotFound, bindingView } from '../binding/binding-view';
import { bindingDecider, bindingStream } from '../binding/binding.decider';

export class DisableAccountBindingCommand extends Command<Acme.DisableAccountBindingResponse> {
  constructor(
    readonly input: Acme.DisableAccountBindingRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * Disables a binding and deactivates the account it registered, so a leaked EAB key or a retired
 * client stops at once. The account's deactivation says why (`binding-disabled`), which its next
 * request is told. An account registered while this runs deactivates itself (see AcmeAccounts.register).
 */
@CommandHandler(DisableAccountBindingCommand)
export class DisableAccountBindingHandler implements ICommandHandler<DisableAccountBindingCommand> {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly caches: AcmeCaches,
  ) {}

  async execute({ input: { actor, keyId }, correlationId }: DisableAccountBindingCommand): Promise<Acme.DisableAccountBindingResponse> {
    if (!/^[\w-]{1,64}$/.test(keyId)) throw bindingNotFound();
    const { state: found } = await aggregateStream(this.store, bindingStream(keyId), bindingDecider);
    if (found.status === 'none') throw bindingNotFound();
    assertManages(actor, found);
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: actor.adminId, correlationId });
    const { state } = await handleCommand(this.store, bindingStream(keyId), bindingDecider, { type: 'DisableBinding', by: actor.adminId, at: at.toISOString() }, metadata);
    const binding = state as KnownBinding;
    if (binding.accountId) await this.deactivate(binding.accountId, binding.disabled!.at, metadata);
    return bindingView(this.store, binding);
  }

  private async deactivate(accountId: string, at: string, metadata: ReturnType<typeof eventMetadata>) {
    const { state } = await aggregateStream(this.store, accountStream(accountId), accountDecider, this.caches.accounts);
    if (state.status !== 'valid') return; // not written yet (its registration deactivates it), or deactivated already
    try {
      await handleCommand(this.store, accountStream(accountId), accountDecider, { type: 'Deactivate', at, reason: 'binding-disabled' }, metadata, { cache: this.caches.accounts });
    } catch (error) {
      // Its client deactivated it in the meantime: it is deactivated either way.
      if (!isDomainError(error) || error.code !== 'ACME_ACCOUNT_DEACTIVATED') throw error;
    }
  }
}
