import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { claimIdpIdentity, loadAdmin } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { parseInvitationToken } from '../admin/invitation-token';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';

const invalid = () =>
  new DomainError('INVITATION_INVALID', 'unprocessable', 'This identity-provider invitation link is not valid. Ask an administrator to send a new one.');

/** Checked before the browser is sent to the IdP, so a dead link fails at once and not after a sign-in there. */
export class CheckIdpInvitationQuery extends Query<Identity.CheckIdpInvitationResponse> {
  constructor(readonly input: Identity.CheckIdpInvitationRequest) {
    super();
  }
}

export class BindIdpIdentityCommand extends Command<Identity.BindIdpIdentityResponse> {
  constructor(readonly input: Identity.BindIdpIdentityRequest) {
    super();
  }
}

@QueryHandler(CheckIdpInvitationQuery)
export class CheckIdpInvitationHandler implements IQueryHandler<CheckIdpInvitationQuery> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: CheckIdpInvitationQuery): Promise<Identity.CheckIdpInvitationResponse> {
    const parsed = parseInvitationToken(this.secret, input.token, 'idp-invitation');
    if (!parsed) throw invalid();
    const state = await loadAdmin(this.store, parsed.adminId);
    // Deciding a bind with a placeholder identity runs every check of the real one without storing anything.
    adminDecider.decide({ type: 'BindIdp', invitationId: parsed.invitationId, issuer: '-', subject: '-', at: this.clock.now() }, state);
    return { adminId: parsed.adminId };
  }
}

/** Binds issuer + subject to the invited account, once; an identity bound to another account is refused. */
@CommandHandler(BindIdpIdentityCommand)
export class BindIdpIdentityHandler implements ICommandHandler<BindIdpIdentityCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: BindIdpIdentityCommand): Promise<Identity.BindIdpIdentityResponse> {
    const parsed = parseInvitationToken(this.secret, input.token, 'idp-invitation');
    if (!parsed) throw invalid();
    const { adminId, invitationId } = parsed;
    const at = this.clock.now();
    const command = { type: 'BindIdp' as const, invitationId, issuer: input.issuer, subject: input.subject, at };
    // Check first, so that a refused bind does not leave the identity claimed.
    const state = await loadAdmin(this.store, adminId);
    adminDecider.decide(command, state);
    const holder = await claimIdpIdentity(this.store, input.issuer, input.subject, adminId, at);
    if (holder !== adminId)
      throw new DomainError(
        'IDP_IDENTITY_IN_USE',
        'conflict',
        'This identity-provider account is bound to another administrator already. Sign in at the identity provider with the account meant for this invitation.',
      );
    const result = await handleCommand(this.store, adminStream(adminId), adminDecider, command, eventMetadata({ at, actor: adminId }));
    return { adminId, email: result.state.status === 'none' ? '' : result.state.email };
  }
}
