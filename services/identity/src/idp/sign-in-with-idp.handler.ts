import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { findAdminByIdp } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';
import { startSession } from '../session/sessions';

export class SignInWithIdpCommand extends Command<Identity.SignInWithIdpResponse> {
  constructor(readonly input: Identity.SignInWithIdpRequest) {
    super();
  }
}

/** The gateway has verified the ID token; this finds the account bound to issuer + subject. */
@CommandHandler(SignInWithIdpCommand)
export class SignInWithIdpHandler implements ICommandHandler<SignInWithIdpCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: SignInWithIdpCommand): Promise<Identity.SignInWithIdpResponse> {
    const admin = await findAdminByIdp(this.store, input.issuer, input.subject);
    if (admin.status === 'none' || admin.status === 'deleted' || !admin.idp)
      throw new DomainError(
        'IDP_NOT_BOUND',
        'unauthenticated',
        'No administrator account is bound to this identity-provider account. Ask an administrator for an IdP invitation.',
      );
    if (admin.status !== 'active')
      throw new DomainError('ADMIN_SUSPENDED', 'unauthenticated', 'This account is suspended. Ask an administrator to reactivate it.');
    const at = this.clock.now();
    await handleCommand(this.store, adminStream(admin.adminId), adminDecider, { type: 'RecordSignIn', at, ok: true, method: 'idp' }, eventMetadata({ at, actor: admin.adminId }));
    return startSession(this.store, this.secret, admin, at, 'idp');
  }
}
