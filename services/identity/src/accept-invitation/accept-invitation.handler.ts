import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { parseInvitationToken } from '../admin/invitation-token';
import { checkPasswordPolicy, hashPassword } from '../admin/passwords';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';

export class AcceptInvitationCommand extends Command<Identity.AcceptInvitationResponse> {
  constructor(
    readonly input: Identity.AcceptInvitationRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: AcceptInvitationCommand): Promise<Identity.AcceptInvitationResponse> {
    const parsed = parseInvitationToken(this.secret, input.token);
    if (!parsed)
      throw new DomainError('INVITATION_INVALID', 'unprocessable', 'This invitation link is not valid. Ask an administrator to invite you again.');
    const { state } = await aggregateStream(this.store, adminStream(parsed.adminId), adminDecider);
    if (state.status === 'none') throw new DomainError('INVITATION_INVALID', 'unprocessable', 'This invitation link is not valid.');
    checkPasswordPolicy(input.password, state.email);
    const at = this.clock.now();
    await handleCommand(
      this.store,
      adminStream(parsed.adminId),
      adminDecider,
      { type: 'AcceptInvitation', invitationId: parsed.invitationId, passwordHash: await hashPassword(input.password), at },
      eventMetadata({ at, actor: parsed.adminId, correlationId }),
    );
    return { adminId: parsed.adminId, email: state.email };
  }
}
