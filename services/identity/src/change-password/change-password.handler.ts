import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { loadAdmin } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { isLocked } from '../admin/lockout';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../admin/passwords';
import { IDENTITY_STORE } from '../identity.tokens';

export class ChangePasswordCommand extends Command<Identity.ChangePasswordResponse> {
  constructor(
    readonly input: Identity.ChangePasswordRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** A wrong current password counts as a failed sign-in, so a stolen access token cannot guess the password freely. */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ChangePasswordCommand): Promise<Identity.ChangePasswordResponse> {
    const { actor, currentPassword, newPassword } = input;
    const admin = await loadAdmin(this.store, actor.adminId);
    if (admin.status === 'none' || admin.status === 'deleted') throw new DomainError('ADMIN_NOT_FOUND', 'not_found', 'No such admin.');
    const at = this.clock.now();
    const meta = eventMetadata({ at, actor: actor.adminId, correlationId });
    const ok = !isLocked(admin.failures, admin.lastFailureAt, at) && !!admin.passwordHash && (await verifyPassword(admin.passwordHash, currentPassword));
    if (!ok) {
      await handleCommand(this.store, adminStream(admin.adminId), adminDecider, { type: 'RecordSignIn', at, ok: false, method: 'password' }, meta);
      throw new DomainError(
        'CURRENT_PASSWORD_WRONG',
        'unprocessable',
        'The current password is wrong (or too many attempts failed: wait a few minutes). Enter it again.',
      );
    }
    checkPasswordPolicy(newPassword, admin.email);
    await handleCommand(this.store, adminStream(admin.adminId), adminDecider, { type: 'ChangePassword', passwordHash: await hashPassword(newPassword), at }, meta);
    return { ok: true };
  }
}
