import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isUuid } from '@platform/kernel';
import { loadAdmin } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { isLocked } from '../admin/lockout';
import { burnVerification, verifyPassword } from '../admin/passwords';
import { IDENTITY_STORE } from '../identity.tokens';
import { actorOf } from '../session/sessions';

export class ApiSignInCommand extends Command<Identity.ApiSignInResponse> {
  constructor(readonly input: Identity.ApiSignInRequest) {
    super();
  }
}

const invalid = () =>
  new DomainError('INVALID_CREDENTIALS', 'unauthenticated', 'The API credential is wrong, revoked, or locked for a few minutes after repeated failures.');

/** API admins trade `<adminId>.<secret>` for an access token; the same backoff as passwords applies. */
@CommandHandler(ApiSignInCommand)
export class ApiSignInHandler implements ICommandHandler<ApiSignInCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: ApiSignInCommand): Promise<Identity.ApiSignInResponse> {
    const dot = input.credential.indexOf('.');
    const adminId = input.credential.slice(0, dot);
    const secret = input.credential.slice(dot + 1);
    const admin = dot > 0 && isUuid(adminId) ? await loadAdmin(this.store, adminId) : { status: 'none' as const };
    const at = this.clock.now();
    const account = admin.status !== 'none' && admin.type === 'api' ? admin : undefined;
    const locked = account ? isLocked(account.failures, account.lastFailureAt, at) : false;
    const ok = account?.secretHash && !locked ? await verifyPassword(account.secretHash, secret) : await burnVerification(secret).then(() => false);
    if (!account || locked || account.status === 'deleted') throw invalid();
    await handleCommand(this.store, adminStream(adminId), adminDecider, { type: 'RecordSignIn', at, ok, method: 'api' }, eventMetadata({ at, actor: adminId }));
    if (!ok || account.status !== 'active') throw invalid();
    return { actor: actorOf(account) };
  }
}
