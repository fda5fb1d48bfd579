import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { requirePrivilege } from '../certificate/certificate-scope';
import { certificateDecider, notAwaitingApproval } from '../certificate/certificate.decider';
import { certificateStream } from '../certificate/certificate.events';
import { toCertificateRequestView } from '../certificate/certificate-request.view';
import { loadRequestInScope } from '../certificate/load-certificate-request';
import { ISSUANCE_STORE } from '../issuance.tokens';

export class DeclineCertificateRequestCommand extends Command<Issuance.CertificateRequestView> {
  constructor(
    readonly input: Issuance.DeclineCertificateRequestRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * An approver says no, with a reason: approve-ssl in the request's scope (their own request too:
 * saying no needs no second admin). Nothing was reserved or counted, so nothing is given back.
 */
@CommandHandler(DeclineCertificateRequestCommand)
export class DeclineCertificateRequestHandler implements ICommandHandler<DeclineCertificateRequestCommand> {
  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, requestId, reason }, correlationId }: DeclineCertificateRequestCommand): Promise<Issuance.CertificateRequestView> {
    const known = await loadRequestInScope(this.store, actor, requestId);
    requirePrivilege(actor, 'approve-ssl', known.scope);
    if (known.state.status !== 'submitted') throw notAwaitingApproval(known.state);
    const why = reason.trim();
    if (!why) throw new DomainError('VALIDATION_FAILED', 'invalid', 'Say why the request is declined: "reason" must not be blank.', { errors: [{ path: 'reason', message: 'blank' }] });
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      certificateStream(requestId),
      certificateDecider,
      { type: 'DeclineRequest', by: actor.adminId, reason: why, at },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
      { assume: known },
    );
    return toCertificateRequestView(state)!;
  }
}
