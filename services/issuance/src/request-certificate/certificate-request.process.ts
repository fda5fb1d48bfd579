import { Inject, Injectable, Logger } from '@nestjs/common';
import { Billing } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, type DomainError, isDomainError, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type CertificateAuthority, type CsrInfo, parseCsr } from '@platform/pki';
import { type CertificateExists, type CertificateState, certificateDecider, certificateExists, leaseLost } from '../certificate/certificate.decider';
import { certificateStream } from '../certificate/certificate.events';
import { PROFILE_OF } from '../certificate/certificate-type';
import { tlsValidity } from '../certificate/validity';
import { CERTIFICATE_AUTHORITY, ISSUANCE_CONFIG, ISSUANCE_STORE, type IssuanceConfig } from '../issuance.tokens';
import { refusalOf } from './refusal';

/** How long the instance that recorded a request drives it alone; then any instance's resumer may take it over. */
export const REQUEST_LEASE_MS = 20_000;
/**
 * The owner signs only while its lease has at least this long to run: a resumer elsewhere acts only
 * after the lease's end, so the two never sign in the same window (clock skew below this margin).
 */
export const SIGNING_MARGIN_MS = 5_000;

type Requested = { state: Extract<CertificateState, { status: 'requested' }>; revision: number };
type Headers = { headers: { correlationId?: string } };

/**
 * The part of the issuance process that a restarted or other instance can also run, from the recorded
 * request alone: confirm the unit in billing, sign, record, or record the failure and give the unit back.
 * The expected-revision appends fence it: only the lease's owner records an outcome.
 */
@Injectable()
export class CertificateRequestProcess {
  private readonly logger = new Logger('CertificateRequest');
  /** This process as a lease owner: a restarted process is another owner, and never mistakes an old lease for its own. */
  readonly owner = `issuance-${newId()}`;

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(ISSUANCE_CONFIG) private readonly config: IssuanceConfig,
  ) {}

  /**
   * Reserve → confirm → sign → record, for a request this instance has just recorded (it holds the
   * lease): a new request that needed no approval, or one an approver has just let through.
   */
  async reserveAndComplete(known: Requested, correlationId?: string, parsed?: CsrInfo): Promise<CertificateExists> {
    const { organisationId, certificateId } = known.state.request;
    try {
      await sendRequest(this.bus, Billing.ReserveAllowance, { organisationId, certificateId }, { headers: { correlationId } });
    } catch (error) {
      // A refusal holds nothing (the allowance is spent, the subscription suspended): the request is
      // refused, with billing's code. Nor does a request nobody received (no responder): it failed.
      // No answer may have reserved: the request stays open, and after its lease the resumer signs it
      // if billing holds its unit, or ends it.
      if (isRefusal(error)) await this.refuse(known, error as DomainError, correlationId);
      else if (isDomainError(error) && error.code === 'NO_RESPONDER') await this.fail(known, error, correlationId, false);
      throw error;
    }
    return this.complete(known, correlationId, parsed);
  }

  /** Confirm → sign → record, for a request this instance holds the lease of (its unit reserved, or lapsed). */
  async complete(known: Requested, correlationId?: string, parsed?: CsrInfo): Promise<CertificateExists> {
    const { request, lease } = known.state;
    const { organisationId, certificateId } = request;
    const headers = { headers: { correlationId } };
    const issuedAt = this.clock.now();
    // Past the margin a resumer may be about to take it over: leave it (and its unit) to that one.
    if (lease.owner !== this.owner || Date.parse(lease.until) - SIGNING_MARGIN_MS <= issuedAt.getTime()) throw leaseLost(certificateId);
    try {
      // Confirm before signing: billing counts the unit only while the reservation is live, so a request
      // that stalled past its reservation is refused here (RESERVATION_LAPSED) and nothing is signed.
      await sendRequest(this.bus, Billing.ConfirmAllowance, { organisationId, certificateId, issuedAt: issuedAt.toISOString(), requestedBy: request.requestedBy }, headers);
    } catch (error) {
      // No answer (the bus or billing down): billing may have counted it. The request stays open and the
      // resumer confirms again after the lease (a second confirmation is a no-op) and signs; giving the
      // unit back here would spend the certificate id of a request its client may well retry.
      if (!isRefusal(error)) throw error;
      // Lapsed: billing holds nothing for it. Any other refusal: give back whatever it may hold.
      const lapsed = isDomainError(error) && error.code === 'RESERVATION_LAPSED';
      await this.fail(known, error, correlationId, lapsed ? false : !(await this.giveBack(organisationId, certificateId, headers)));
      throw error;
    }
    try {
      const csr = parsed ?? (await parseCsr(request.csr));
      const { notBefore, notAfter } = tlsValidity(issuedAt);
      const signed = await this.ca.issue({
        csr,
        dnsNames: csr.dnsNames,
        subject: request.subject,
        notBefore,
        notAfter,
        profile: PROFILE_OF[request.certificateType],
        publicUrl: this.config.publicUrl,
      });
      const { state } = await handleCommand(
        this.store,
        certificateStream(certificateId),
        certificateDecider,
        {
          type: 'RecordIssuedCertificate',
          owner: this.owner,
          certificate: {
            certificateId,
            organisationId,
            requestedBy: request.requestedBy,
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
            certificateType: request.certificateType,
            issuerId: signed.issuerId,
            ...(request.departmentId ? { departmentId: request.departmentId } : {}),
            method: request.method ?? 'manual',
          },
        },
        eventMetadata({ at: issuedAt, actor: request.requestedBy, correlationId }),
        // The expected revision is the fence: had another instance resumed it, the append conflicts and the stream is read.
        { assume: known },
      );
      if (!certificateExists(state)) throw new Error('unreachable: certificate not recorded');
      // No wait for the read models: the listing and OCSP wait for them when they are asked
      // (ReadModelHost.caughtUp), so under load the projections apply many certificates per transaction.
      return state;
    } catch (error) {
      // The append may have gone through before its answer was lost, or another instance resumed the
      // request and recorded it: then it stands, counted, and is the answer.
      const recorded = await aggregateStream(this.store, certificateStream(certificateId), certificateDecider).catch(() => undefined);
      if (recorded && certificateExists(recorded.state) && recorded.state.certificate.publicKeySha256 === request.publicKeySha256) return recorded.state;
      // Taken over, or unknown (the store did not answer): whoever holds it, or the resumer, finishes it.
      if (recorded?.state.status !== 'requested' || recorded.state.lease.owner !== this.owner) throw error;
      this.logger.error(`issuance of ${certificateId} failed; giving its allowance unit back`, error as Error);
      await this.fail({ state: recorded.state, revision: recorded.revision }, error, correlationId, !(await this.giveBack(organisationId, certificateId, headers)));
      throw error;
    }
  }

  /**
   * Records that the request ended without a certificate (unitHeld: its unit could not be given back yet;
   * the resumer does it). Should the store not answer, the request stays open and the resumer ends it.
   */
  async fail(known: Requested, error: unknown, correlationId: string | undefined, unitHeld: boolean): Promise<void> {
    const at = this.clock.now();
    const code = isDomainError(error) ? error.code : 'ISSUANCE_FAILED';
    const message = isDomainError(error) && error.kind !== 'internal' ? error.message : 'The certificate could not be issued.';
    await handleCommand(
      this.store,
      certificateStream(known.state.request.certificateId),
      certificateDecider,
      { type: 'FailRequest', owner: this.owner, code, message, at, unitHeld },
      eventMetadata({ at, actor: 'system:issuance', correlationId }),
      { assume: known },
    ).catch((e) => this.logger.error(`recording the failure of request ${known.state.request.certificateId} failed`, e as Error));
  }

  /** Records that billing refused the request's unit (a rule: nothing is held); best effort, like fail(). */
  async refuse(known: Requested, error: DomainError, correlationId: string | undefined): Promise<void> {
    const at = this.clock.now();
    const { request } = known.state;
    const refusal = refusalOf({ ...request, names: request.names ?? [], method: request.method ?? 'manual' }, error, at);
    await handleCommand(
      this.store,
      certificateStream(request.certificateId),
      certificateDecider,
      { type: 'RefuseRequest', refusal, stage: 'reservation', owner: this.owner },
      eventMetadata({ at, actor: 'system:issuance', correlationId }),
      { assume: known },
    ).catch((e) => this.logger.error(`recording the refusal of request ${request.certificateId} failed`, e as Error));
  }

  /** Gives back the unit of a certificate that was not issued (a live reservation, or a unit confirmed for it); false when billing did not answer. */
  async giveBack(organisationId: string, certificateId: string, headers: Headers): Promise<boolean> {
    try {
      await sendRequest(this.bus, Billing.ReleaseAllowance, { organisationId, certificateId, confirmed: true }, headers);
      return true;
    } catch (error) {
      this.logger.error(`release of ${certificateId} failed; the resumer retries it`, error as Error);
      return false;
    }
  }
}

/** A refusal (the rule said no) holds no unit; no answer at all (timeout, no responder) may have reserved one. */
export const isRefusal = (error: unknown): boolean => isDomainError(error) && error.kind !== 'unavailable' && error.kind !== 'internal';
