import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CertificateView, Identity, type Issuance, Validation } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { requirePrivilege } from '../certificate/certificate-scope';
import { PROFILE_OF, evAnchorMissing } from '../certificate/certificate-type';
import { type CertificateState, certificateDecider, notAwaitingApproval } from '../certificate/certificate.decider';
import { certificateStream } from '../certificate/certificate.events';
import { toCertificateView } from '../certificate/certificate.view';
import { loadRequestInScope } from '../certificate/load-certificate-request';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { isKeyBlocked } from '../projections/certificate-status.projection';
import { mayApproveOwnRequest } from '../request-policy/approval-rules';
import { RequestPolicies } from '../request-policy/request-policies';
import { CertificateRequestProcess, REQUEST_LEASE_MS } from '../request-certificate/certificate-request.process';
import { refusalOf } from '../request-certificate/refusal';
import { keyBlocked, refusal } from '../request-certificate/request-certificate.handler';

export class ApproveCertificateRequestCommand extends Command<CertificateView> {
  constructor(
    readonly input: Issuance.ApproveCertificateRequestRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

const selfApproval = () =>
  new DomainError(
    'SELF_APPROVAL_NOT_ALLOWED',
    'forbidden',
    "You cannot approve your own request: another admin with approve-ssl for it must. (An MRAO's or RAO's own request may pass when the organisation's approval policy has autoApprove on.)",
  );

/**
 * An approver lets a held request through: approve-ssl in its scope (out of scope: 404; in scope
 * without it: 403), not their own request unless the auto-approve setting covers them. Its names are
 * checked again (a validation may have lapsed, a key been reported compromised since it was asked
 * for): a rule that refuses now ends it as refused. Then the approval and the request are recorded
 * in one append, with this instance's lease, and the usual issuance runs: reserve → confirm → sign.
 * The unit is reserved only now: a held request never held one.
 */
@CommandHandler(ApproveCertificateRequestCommand)
export class ApproveCertificateRequestHandler implements ICommandHandler<ApproveCertificateRequestCommand> {
  private readonly logger = new Logger('ApproveCertificateRequest');

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly list: CertificateListProjection,
    private readonly process: CertificateRequestProcess,
    private readonly policies: RequestPolicies,
  ) {}

  async execute({ input: { actor, requestId }, correlationId }: ApproveCertificateRequestCommand): Promise<CertificateView> {
    const known = await loadRequestInScope(this.store, actor, requestId);
    const { state, scope } = known;
    requirePrivilege(actor, 'approve-ssl', scope);
    if (state.status !== 'submitted') throw notAwaitingApproval(state);
    const { request } = state;
    if (request.requestedBy === actor.adminId && !mayApproveOwnRequest(await this.policies.settingsFor(scope), actor, scope)) throw selfApproval();

    const headers = { headers: { correlationId } };
    const refused = async (error: DomainError): Promise<DomainError> => {
      const at = this.clock.now();
      await handleCommand(
        this.store,
        certificateStream(requestId),
        certificateDecider,
        { type: 'RefuseRequest', refusal: refusalOf(request, error, at), stage: 'approval' },
        eventMetadata({ at, actor: actor.adminId, correlationId }),
        { assume: known },
      ).catch((e) => this.logger.error(`recording the refusal of request ${requestId} failed`, e as Error));
      return error;
    };
    const { organisationId, departmentId, certificateType, names } = request;
    if (await isKeyBlocked(this.list.em(), request.publicKeySha256)) throw await refused(keyBlocked(request.publicKeySha256));
    const check = await sendRequest(this.bus, Validation.CheckNames, { organisationId, departmentId, names, certificateType }, headers);
    if (!check.allowed) throw await refused(refusal(check));
    if (PROFILE_OF[certificateType] === 'tls-ev' && !check.subject.ev) throw await refused(evAnchorMissing(certificateType));
    // Asked afresh (an approval is rare): the name the certificate carries is today's.
    const organisation = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers);
    const subject = { ...request.subject, organisation: organisation.name, ...withoutUndefined(check.subject) };

    const at = this.clock.now();
    const approved = await handleCommand(
      this.store,
      certificateStream(requestId),
      certificateDecider,
      { type: 'ApproveRequest', by: actor.adminId, at, request: { ...request, subject }, owner: this.process.owner, leaseMs: REQUEST_LEASE_MS },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
      // Another approver (or a decline) meanwhile: the append conflicts, the stream is read, and the decider says no.
      { assume: known },
    );
    const held = { state: approved.state as Extract<CertificateState, { status: 'requested' }>, revision: approved.revision };
    return toCertificateView(await this.process.reserveAndComplete(held, correlationId));
  }
}

/** Validation may send optional fields as absent; absent must not erase what the request holds. */
const withoutUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
