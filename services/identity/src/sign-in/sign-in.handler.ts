import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { findAdminByEmail } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { isLocked } from '../admin/lockout';
import { burnVerification, verifyPassword } from '../admin/passwords';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';
import { startSession } from '../session/sessions';

export class SignInCommand extends Command<Identity.SignInResponse> {
  constructor(readonly input: Identity.SignInRequest) {
    super();
  }
}

/**
 * One answer for every failure (unknown address, wrong password, locked, IdP-bound, API account)
 * and a password hash verified either way, so neither the message nor the timing tells whether
 * an account exists. Failures are events; after a few the account backs off exponentially.
 */
export const INVALID_CREDENTIALS = () =>
  new DomainError(
    'INVALID_CREDENTIALS',
    'unauthenticated',
    'The e-mail address or the password is wrong, or the account is locked for a few minutes after repeated failures. Check them and try again later.',
  );

@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: SignInCommand): Promise<Identity.SignInResponse> {
    const admin = await findAdminByEmail(this.store, input.email);
    const at = this.clock.now();
    const account = admin.status === 'none' ? undefined : admin;
    const locked = account ? isLocked(account.failures, account.lastFailureAt, at) : false;
    const ok =
      account?.passwordHash && !locked
        ? await verifyPassword(account.passwordHash, input.password)
        : await burnVerification(input.password).then(() => false);
    if (!account || locked || account.status === 'deleted') throw INVALID_CREDENTIALS();
    const record = (success: boolean) =>
      handleCommand(
        this.store,
        adminStream(account.adminId),
        adminDecider,
        { type: 'RecordSignIn', at, ok: success, method: 'password' },
        eventMetadata({ at, actor: account.adminId }),
      );
    if (!ok || account.status !== 'active') {
      if (!ok) await record(false);
      // The right password of a suspended account: only its holder learns that it is suspended.
      if (ok && account.status === 'suspended')
        throw new DomainError('ADMIN_SUSPENDED', 'unauthenticated', 'This account is suspended. Ask an administrator to reactivate it.');
      throw INVALID_CREDENTIALS();
    }
    await record(true);
    return startSession(this.store, this.secret, account, at, 'password');
  }
}
