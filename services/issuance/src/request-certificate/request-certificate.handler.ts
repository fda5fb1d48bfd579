import { createHash } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Billing, Identity, type Issuance, type CertificateView, Validation } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isDomainError, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type CertificateAuthority, type CsrInfo, parseCsr } from '@platform/pki';
import { certificateDecider } from '../certificate/certificate.decider';
import { certificateStream } from '../certificate/certificate.events';
import { canSeeCertificate, resolveRequestScope } from '../certificate/certificate-scope';
import { PROFILE_OF, checkTlsNamesFitType, evAnchorMissing } from '../certificate/certificate-type';
import { toCertificateView } from '../certificate/certificate.view';
import { tlsValidity } from '../certificate/validity';
import { CERTIFICATE_AUTHORITY, ISSUANCE_CONFIG, ISSUANCE_STORE, type IssuanceConfig } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { isKeyBlocked } from '../projections/certificate-status.projection';

export class RequestCertificateCommand extends Command<CertificateView> {
  constructor(
    readonly input: Issuance.RequestCertificateRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * The issuance process: CSR checks → validation of every name → allowance reserved in billing →
 * signing → the issued certificate stored. Billing counts it when the issued event reaches it;
 * a failure after the reservation gives the unit back. A refused request stores and counts nothing.
 */
@CommandHandler(RequestCertificateCommand)
export class RequestCertificateHandler implements ICommandHandler<RequestCertificateCommand> {
  private readonly logger = new Logger('RequestCertificate');
  /**
   * Organisation names by id. Identity writes an organisation once (OrganisationCreated; there is no
   * rename), so a name once read stays true: keep it rather than ask identity at every issuance.
   * A rename, should it come, must end this cache.
   */
  private readonly organisationNames = new Map<string, string>();
  /** Requests with a request id that run in this process, by certificate id. */
  private readonly running = new Map<string, { publicKeySha256: string; outcome: Promise<CertificateView> }>();

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(ISSUANCE_CONFIG) private readonly config: IssuanceConfig,
    private readonly list: CertificateListProjection,
  ) {}

  async execute({ input, correlationId }: RequestCertificateCommand): Promise<CertificateView> {
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
  ): Promise<CertificateView> {
    const { actor, organisationId, certificateType } = input;
    const headers = { headers: { correlationId } };
    // A new id's stream is empty; a request id's stream is read first.
    let known = { state: certificateDecider.initialState(), revision: -1 };
    if (input.requestId) {
      // A repeated request (a client retry, an ACME order resumed after a crash) gets what the first issued.
      known = await aggregateStream(this.store, certificateStream(certificateId), certificateDecider);
      const { state } = known;
      if (state.status !== 'none') {
        if (state.certificate.publicKeySha256 !== csr.publicKeySha256 || !canSeeCertificate(actor, state.certificate))
          throw requestIdReused(input.requestId);
        return toCertificateView(state);
      }
    }
    checkTlsNamesFitType(certificateType, csr.dnsNames);
    if (await isKeyBlocked(this.list.em(), csr.publicKeySha256)) throw keyBlocked(csr.publicKeySha256);

    const check = await sendRequest(this.bus, Validation.CheckNames, { organisationId, departmentId, names: csr.dnsNames, certificateType }, headers);
    if (!check.allowed) throw refusal(check);
    const profile = PROFILE_OF[certificateType];
    if (profile === 'tls-ev' && !check.subject.ev) throw evAnchorMissing(certificateType);

    const organisationName = await this.organisationName(organisationId, headers);
    await sendRequest(this.bus, Billing.ReserveAllowance, { organisationId, certificateId }, headers);
    const issuedAt = this.clock.now();
    // Confirm before signing: billing counts the unit only while the reservation is live, so a request
    // that stalled past its reservation is refused here (RESERVATION_LAPSED) and nothing is signed.
    try {
      await sendRequest(this.bus, Billing.ConfirmAllowance, { organisationId, certificateId, issuedAt: issuedAt.toISOString() }, headers);
    } catch (error) {
      // Lapsed: billing holds nothing for it. Anything else (no answer): it may have counted, so give back whatever it holds.
      if (!isDomainError(error) || error.code !== 'RESERVATION_LAPSED') await this.giveBack(organisationId, certificateId, headers);
      throw error;
    }
    try {
      const { notBefore, notAfter } = tlsValidity(issuedAt);
      const signed = await this.ca.issue({
        csr,
        dnsNames: csr.dnsNames,
        subject: { organisation: organisationName, country: 'GB', ...withoutUndefined(check.subject) },
        notBefore,
        notAfter,
        profile,
        publicUrl: this.config.publicUrl,
      });
      const { state } = await handleCommand(
        this.store,
        certificateStream(certificateId),
        certificateDecider,
        {
          type: 'RecordIssuedCertificate',
          certificate: {
            certificateId,
            organisationId,
            requestedBy: actor.adminId,
            commonName: csr.commonName ?? csr.dnsNames[0],
            names: csr.dnsNames,
            serialNumber: signed.serialNumber,
            keyAlgorithm: csr.keyAlgorithm === 'RSA' ? `RSA ${csr.keyBits}` : `ECDSA ${csr.curve}`,
            publicKeySha256: csr.publicKeySha256,
            notBefore: signed.notBefore.toISOString(),
            notAfter: signed.notAfter.toISOString(),
            issuedAt: issuedAt.toISOString(),
            certificatePem: signed.certificatePem,
            chainPem: signed.chainPem,
            certificateType,
            issuerId: signed.issuerId,
            ...(departmentId ? { departmentId } : {}),
          },
        },
        eventMetadata({ at: issuedAt, actor: actor.adminId, correlationId }),
        // Should another request have written it meanwhile, the append conflicts and the stream is read.
        { assume: known },
      );
      if (state.status === 'none') throw new Error('unreachable: certificate not recorded');
      // No wait for the read models: the listing and OCSP wait for them when they are asked
      // (ReadModelHost.caughtUp), so under load the projections apply many certificates per transaction.
      return toCertificateView(state);
    } catch (error) {
      // The append may have gone through before its answer was lost, or another request with this id
      // recorded the certificate: then it stands, counted, and is the answer.
      const recorded = await aggregateStream(this.store, certificateStream(certificateId), certificateDecider).catch(() => undefined);
      if (recorded?.state.status === 'issued' && recorded.state.certificate.publicKeySha256 === csr.publicKeySha256)
        return toCertificateView(recorded.state);
      this.logger.error(`issuance of ${certificateId} failed; giving its allowance unit back`, error as Error);
      if (recorded?.state.status === 'none') await this.giveBack(organisationId, certificateId, headers);
      throw error;
    }
  }

  /** Gives back the unit of a certificate that was not issued: a live reservation, or a unit confirmed for it. */
  private async giveBack(organisationId: string, certificateId: string, headers: { headers: { correlationId?: string } }): Promise<void> {
    await sendRequest(this.bus, Billing.ReleaseAllowance, { organisationId, certificateId, confirmed: true }, headers).catch((e) =>
      // Not lost for a reservation: it is released when it expires.
      this.logger.error(`release of ${certificateId} failed`, e as Error),
    );
  }

  private async organisationName(organisationId: string, headers: { headers: { correlationId?: string } }): Promise<string> {
    const kept = this.organisationNames.get(organisationId);
    if (kept !== undefined) return kept;
    const { name } = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers);
    if (this.organisationNames.size >= 10_000) this.organisationNames.clear();
    this.organisationNames.set(organisationId, name);
    return name;
  }
}

/** The certificate id a request id stands for: the same key always names the same certificate stream. */
function certificateIdFor(organisationId: string, requestId: string): string {
  const bytes = createHash('sha256').update(`${organisationId}\n${requestId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // UUID version 8 (custom), RFC 9562
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How long a repeated request waits for the first one with its request id before it is told to come back. */
export const IN_PROGRESS_WAIT_MS = 10_000;
const RETRY_AFTER_SECONDS = 2;

export const requestInProgress = (requestId: string) =>
  new DomainError(
    'REQUEST_IN_PROGRESS',
    'conflict',
    `A request with request id "${requestId}" is still being processed. Repeat it with the same id in a few seconds to get its outcome.`,
    { requestId, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

/** The first request's outcome, or REQUEST_IN_PROGRESS when it takes longer than a caller should wait. */
async function withinWait(outcome: Promise<CertificateView>, requestId: string): Promise<CertificateView> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(requestInProgress(requestId)), IN_PROGRESS_WAIT_MS);
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

/** Validation may send optional fields as absent; absent must not erase the defaults above. */
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const keyBlocked = (publicKeySha256: string) =>
  new DomainError(
    'CSR_KEY_COMPROMISED',
    'unprocessable',
    'This public key was reported compromised when a certificate for it was revoked (keyCompromise); it can never be certified again. Generate a new key and CSR.',
    { publicKeySha256 },
  );

/** Lists every missing piece at once; the first one gives the code. */
function refusal(check: Validation.CheckNamesResponse): DomainError {
  return new DomainError(
    check.problems[0]?.code ?? 'VALIDATION_REFUSED',
    'unprocessable',
    `The certificate cannot be issued: ${check.problems.map((p) => p.message).join(' ')}`,
    { problems: check.problems },
  );
}
