import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import { findAdminByEmail } from '../admin/admin-directory';
import { burnVerification, verifyPassword } from '../admin/passwords';
import { IDENTITY_STORE } from '../identity.tokens';

export class SignInCommand extends Command<Identity.SignInResponse> {
  constructor(readonly input: Identity.SignInRequest) {
    super();
  }
}

/** One answer for every failure, and the same work either way: no user enumeration. */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: SignInCommand): Promise<Identity.SignInResponse> {
    const admin = await findAdminByEmail(this.store, input.email);
    const ok =
      admin.status === 'active' && admin.passwordHash
        ? await verifyPassword(admin.passwordHash, input.password)
        : await burnVerification(input.password).then(() => false);
    if (!ok || admin.status !== 'active')
      throw new DomainError('INVALID_CREDENTIALS', 'unauthenticated', 'The e-mail address or the password is wrong.');
    return { actor: { adminId: admin.adminId, email: admin.email, grants: admin.grants } };
  }
}
