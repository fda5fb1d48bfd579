import { createHash } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Issuance, Validation } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { type Actor, CLOCK, type Clock, DomainError, isDomainError, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type CsrInfo, parseCsr } from '@platform/pki';
import {
  type CertificateState,
  certificateDecider,
  certificateExists,
  requestAwaitingApproval,
  requestDeclined,
  requestInProgress,
} from '../certificate/certificate.decider';
import { type CertificateRequestData, type CertificateRequestSubmittedData, certificateStream } from '../certificate/certificate.events';
import { toCertificateRequestView } from '../certificate/certificate-request.view';
import { canSeeCertificate, resolveRequestScope } from '../certificate/certificate-scope';
import { PROFILE_OF, checkTlsNamesFitType, evAnchorMissing } from '../certificate/certificate-type';
import { toCertificateView } from '../certificate/certificate.view';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { isKeyBlocked } from '../projections/certificate-status.projection';
import { approvalFor } from '../request-policy/approval-rules';
import { RequestPolicies } from '../request-policy/request-policies';
import { CertificateRequestProcess, REQUEST_LEASE_MS } from './certificate-request.process';
import { OrganisationNames } from './organisation-names';
import { refusalOf } from './refusal';

/** The certificate, or the request held for an approver (contract v2's answer; v1 takes the certificate only). */
export type RequestOutcome = Issuance.RequestCertificateV2Response;

export class RequestCertificateCommand extends Command<RequestOutcome> {
  constructor(
    readonly input: Issuance.RequestCertificateRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * The issuance process: CSR checks → validation of every name → the approval policy → the request
 * recorded (with an owner's lease) → a unit reserved in billing → confirmed just before signing
 * (counted then) → signed → the issued certificate stored. A failure records why and gives the unit
 * back; a crash leaves a recorded request that the resumer finishes or ends once the lease runs out.
 * A request the policy holds is recorded whole (CertificateRequestSubmitted) and answered as held:
 * nothing is reserved or counted until an approver lets it through (approve-certificate-request).
 * A rule's refusal (type and names, a blocked key, validation, the allowance) is recorded with its
 * code (CertificateRequestRefused) and counts nothing; bad input (a malformed CSR, a caller out of
 * scope or without the privilege) records nothing at all.
 */
@CommandHandler(RequestCertificateCommand)
export class RequestCertificateHandler implements ICommandHandler<RequestCertificateCommand> {
  /** Requests with a request id that run in this process, by certificate id. */
  private readonly running = new Map<string, { publicKeySha256: string; outcome: Promise<RequestOutcome> }>();
  private readonly logger = new Logger('RequestCertificate');

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly list: CertificateListProjection,
    private readonly process: CertificateRequestProcess,
    private readonly policies: RequestPolicies,
    private readonly organisationNames: OrganisationNames,
  ) {}

  async execute({ input, correlationId }: RequestCertificateCommand): Promise<RequestOutcome> {
    const { actor, organisationId, certificateType } = input;
    // The department comes from the actor's grant (or is named); validation then allows only names delegated to it.
    const { departmentId } = resolveRequestScope(actor, organisationId, input.departmentId, certificateType);
    const csr = await parseCsr(input.csr);
    if (!input.requestId) return this.issue(input, csr, departmentId, newId(), correlationId);
    const { requestId } = input;
    const certificateId = certificateIdFor(organisationId, requestId);
    // The same key while its first request runs here: wait for that outcome rather than start a second.
    // Checked and set with no await in between, so two arrivals cannot both start.
    const running = this.running.get(certificateId);
    if (running) {
      if (running.publicKeySha256 !== csr.publicKeySha256) throw requestIdReused(requestId);
      return withinWait(running.outcome, requestId);
    }
    const outcome = this.issue(input, csr, departmentId, certificateId, correlationId);
    this.running.set(certificateId, { publicKeySha256: csr.publicKeySha256, outcome });
    try {
      return await outcome;
    } finally {
      this.running.delete(certificateId);
    }
  }

  private async issue(
    input: Issuance.RequestCertificateRequest,
    csr: CsrInfo,
    departmentId: string | undefined,
    certificateId: string,
    correlationId: string | undefined,
  ): Promise<RequestOutcome> {
    const { actor, organisationId, certificateType, method } = input;
    const headers = { headers: { correlationId } };
    // A new id's stream is empty; a request id's stream is read first.
    let known: { state: CertificateState; revision: number } = { state: certificateDecider.initialState(), revision: -1 };
    if (input.requestId) {
      // A repeated request (a client retry, an ACME order resumed after a crash) gets what the first issued.
      known = await aggregateStream(this.store, certificateStream(certificateId), certificateDecider);
      const earlier = outcomeOf(known.state, input.requestId, actor, csr);
      if (earlier) return earlier;
    }
    // A rule's refusal is recorded (the listing shows who asked what, and why not); then thrown.
    const asked = {
      certificateId,
      organisationId,
      ...(departmentId ? { departmentId } : {}),
      requestedBy: actor.adminId,
      ...(actor.email ? { requestedByEmail: actor.email } : {}),
      ...(input.requestId ? { requestId: input.requestId } : {}),
      names: csr.dnsNames,
      certificateType,
      method,
    };
    const refused = async (error: DomainError): Promise<DomainError> => {
      const at = this.clock.now();
      const refusal = refusalOf({ ...asked, requestedAt: at.toISOString() }, error, at);
      await handleCommand(
        this.store,
        certificateStream(certificateId),
        certificateDecider,
        { type: 'RefuseRequest', refusal, stage: 'submission' },
        eventMetadata({ at, actor: actor.adminId, correlationId }),
        { assume: known },
      ).catch((e) => this.logger.error(`recording the refusal of request ${certificateId} failed`, e as Error));
      return error;
    };
    try {
      checkTlsNamesFitType(certificateType, csr.dnsNames);
    } catch (error) {
      throw isDomainError(error) ? await refused(error) : error;
    }
    if (await isKeyBlocked(this.list.em(), csr.publicKeySha256)) throw await refused(keyBlocked(csr.publicKeySha256));

    const check = await sendRequest(this.bus, Validation.CheckNames, { organisationId, departmentId, names: csr.dnsNames, certificateType }, headers);
    if (!check.allowed) throw await refused(refusal(check));
    if (PROFILE_OF[certificateType] === 'tls-ev' && !check.subject.ev) throw await refused(evAnchorMissing(certificateType));
    const organisationName = await this.organisationNames.nameOf(organisationId, headers);

    // Recorded before the unit is reserved, with everything needed to finish it: should this process
    // die from here on, a resumer (here after a restart, or on another instance) finishes or ends it.
    const at = this.clock.now();
    const request: CertificateRequestData = {
      certificateId,
      organisationId,
      ...(departmentId ? { departmentId } : {}),
      requestedBy: actor.adminId,
      ...(input.requestId ? { requestId: input.requestId } : {}),
      csr: input.csr,
      publicKeySha256: csr.publicKeySha256,
      certificateType,
      subject: { organisation: organisationName, country: 'GB', ...withoutUndefined(check.subject) },
      requestedAt: at.toISOString(),
      method,
      names: csr.dnsNames,
      ...(actor.email ? { requestedByEmail: actor.email } : {}),
    };
    // ACME is never held (and its requests do not read the policy).
    const scope = { organisationId, ...(departmentId ? { departmentId } : {}) };
    const approval = method === 'acme' ? 'pass' : approvalFor(await this.policies.settingsFor(scope), actor, scope, method);
    if (approval === 'hold') return this.hold(known, { ...request, method, names: csr.dnsNames }, input, csr, correlationId);
    if (approval === 'auto-approve') request.approval = { by: actor.adminId, at: at.toISOString(), automatic: true };
    let recorded;
    try {
      recorded = await handleCommand(
        this.store,
        certificateStream(certificateId),
        certificateDecider,
        { type: 'RecordRequest', request, owner: this.process.owner, at, leaseMs: REQUEST_LEASE_MS },
        eventMetadata({ at, actor: actor.adminId, correlationId }),
        // Should another instance have recorded a request with this id meanwhile, the append conflicts and the stream is read.
        { assume: known },
      );
    } catch (error) {
      if (isDomainError(error) || !input.requestId) throw error;
      // Another request with this id finished first: its outcome is the answer.
      const now = await aggregateStream(this.store, certificateStream(certificateId), certificateDecider);
      const earlier = outcomeOf(now.state, input.requestId, actor, csr);
      if (earlier) return earlier;
      throw error;
    }
    const requested = recorded.state as Extract<CertificateState, { status: 'requested' }>;
    const held = { state: requested, revision: recorded.revision };
    return { outcome: 'issued', certificate: toCertificateView(await this.process.reserveAndComplete(held, correlationId, csr)) };
  }

  /** Records the request for an approver (everything an approval needs, nothing reserved) and answers with it. */
  private async hold(
    known: { state: CertificateState; revision: number },
    request: CertificateRequestSubmittedData,
    input: Issuance.RequestCertificateRequest,
    csr: CsrInfo,
    correlationId: string | undefined,
  ): Promise<RequestOutcome> {
    const at = this.clock.now();
    let submitted;
    try {
      submitted = await handleCommand(
        this.store,
        certificateStream(request.certificateId),
        certificateDecider,
        { type: 'SubmitRequest', request },
        eventMetadata({ at, actor: input.actor.adminId, correlationId }),
        { assume: known },
      );
    } catch (error) {
      if (isDomainError(error) || !input.requestId) throw error;
      const now = await aggregateStream(this.store, certificateStream(request.certificateId), certificateDecider);
      const earlier = outcomeOf(now.state, input.requestId, input.actor, csr);
      if (earlier) return earlier;
      throw error;
    }
    return { outcome: 'held', request: toCertificateRequestView(submitted.state)! };
  }
}

/** The certificate id a request id stands for: the same key always names the same certificate stream. */
export function certificateIdFor(organisationId: string, requestId: string): string {
  const bytes = createHash('sha256').update(`${organisationId}\n${requestId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // UUID version 8 (custom), RFC 9562
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * How long a repeated request waits for the first one with its request id before it is told to come
 * back (409 with Retry-After): under the callers' default bus timeout (5 s), so they get that answer
 * rather than a timeout.
 */
export const IN_PROGRESS_WAIT_MS = 3_000;
/** The first request's outcome, or REQUEST_IN_PROGRESS when it takes longer than a caller should wait. */
async function withinWait(outcome: Promise<RequestOutcome>, requestId: string): Promise<RequestOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(requestInProgress(requestId, requestId)), IN_PROGRESS_WAIT_MS);
  });
  try {
    return await Promise.race([outcome, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

const requestIdReused = (requestId: string) =>
  new DomainError(
    'REQUEST_ID_REUSED',
    'conflict',
    `Request id "${requestId}" was already used for a certificate with another key. Use a new request id for a new key.`,
    { requestId },
  );

/**
 * What an earlier request with this id came to: its certificate (same key pair, in the actor's scope),
 * the same held request (still waiting for an approver), REQUEST_ID_REUSED (another key pair),
 * REQUEST_IN_PROGRESS (still running), REQUEST_DECLINED (an approver said no); undefined: start anew
 * (nothing recorded, refused by a rule, or it failed holding no unit).
 */
function outcomeOf(state: CertificateState, requestId: string, actor: Actor, csr: CsrInfo): RequestOutcome | undefined {
  if (state.status === 'none' || state.status === 'refused') return undefined;
  const earlier = certificateExists(state) ? state.certificate : state.request;
  if (earlier.publicKeySha256 !== csr.publicKeySha256 || !canSeeCertificate(actor, earlier)) throw requestIdReused(requestId);
  if (certificateExists(state)) return { outcome: 'issued', certificate: toCertificateView(state) };
  if (state.status === 'submitted') return { outcome: 'held', request: toCertificateRequestView(state)! };
  if (state.status === 'declined') throw requestDeclined(state);
  if (state.status === 'requested' || state.unitHeld) throw requestInProgress(requestId, state.request.certificateId);
  return undefined;
}

/** Contract v1 answers with a certificate only: a held request is told as REQUEST_AWAITING_APPROVAL. */
export function certificateOf(outcome: RequestOutcome, requestId: string | undefined): Issuance.RequestCertificateResponse {
  if (outcome.outcome === 'issued') return outcome.certificate;
  throw requestAwaitingApproval(requestId, outcome.request.id);
}

/** Validation may send optional fields as absent; absent must not erase the defaults above. */
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const keyBlocked = (publicKeySha256: string) =>
  new DomainError(
    'CSR_KEY_COMPROMISED',
    'unprocessable',
    'This public key was reported compromised when a certificate for it was revoked (keyCompromise); it can never be certified again. Generate a new key and CSR.',
    { publicKeySha256 },
  );

/** Lists every missing piece at once; the first one gives the code. */
export function refusal(check: Validation.CheckNamesResponse): DomainError {
  return new DomainError(
    check.problems[0]?.code ?? 'VALIDATION_REFUSED',
    'unprocessable',
    `The certificate cannot be issued: ${check.problems.map((p) => p.message).join(' ')}`,
    { problems: check.problems },
  );
}
