import { createPublicKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, isDomainError } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { parseCsr } from '@platform/pki';
import { AcmeCaches } from '../acme.caches';
import { ACME_STORE } from '../acme.tokens';
import { accountActor } from '../account/account-actor';
import type { AccountData } from '../account/account.decider';
import { AcmeCertificates } from '../certificate-record/acme-certificates';
import { AcmeProblem } from '../http/acme-problem';
import { thumbprint } from '../http/jws';
import { pemChain } from '../http/representations';
import { certificateTypeFor } from '../new-order/new-order';
import { type OrderState, notReady, orderDecider, orderStream } from '../order/order.decider';

/** How long an order may stay processing before another request takes its issuance over. */
export const RESUME_AFTER_MS = 2 * 60_000;

/** Refusals that say something about the CSR: the client may fix it and finalize again. */
const RETRYABLE = /^CSR_|^CERTIFICATE_TYPE_/;
/** Issuance did not say what became of the request (it may still issue it): nothing is decided here. */
const OUTCOME_UNKNOWN = new Set(['TIMEOUT', 'REQUEST_IN_PROGRESS', 'REQUEST_LEASE_LOST']);
/** Issuance was not reached: nothing was requested, the client may finalize again. */
const NOT_REACHED = new Set(['NO_RESPONDER']);

/**
 * finalize: the order's CSR goes through the same issuance request as a manual one (CSR checks,
 * validation, allowance, profile), as the account. A business refusal leaves the order invalid.
 */
@Injectable()
export class FinalizeOrder {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly certificates: AcmeCertificates,
    private readonly caches: AcmeCaches,
  ) {}

  async execute(account: AccountData, order: Extract<OrderState, { orderId: string }>, payload: unknown, correlationId: string) {
    if (order.status === 'processing') return this.resumeIfStale(account, order, correlationId);
    if (order.status === 'valid') return order;
    if (order.status !== 'ready') throw notReady(order.status);
    const der = (payload as { csr?: unknown } | undefined)?.csr;
    if (typeof der !== 'string' || !/^[\w-]+$/.test(der)) throw new AcmeProblem('badCSR', 'finalize needs "csr": the PKCS#10 request as base64url DER.');
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(der, 'base64url').toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE REQUEST-----\n`;
    const csr = await parseCsr(pem);
    // As Boulder and Pebble: a certificate for the account key would let whoever holds the
    // certificate's key act as the account (and a revocation by certificate key revoke the account's work).
    if ((await thumbprint(createPublicKey({ key: csr.publicKeySpkiDer, format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK)) === account.thumbprint)
      throw new AcmeProblem('badCSR', "The CSR's public key is this account's key: the certificate key must differ from the account key. Generate a new key for the certificate.", 400, 'CSR_KEY_IS_ACCOUNT_KEY');
    const wanted = [...order.identifiers].sort();
    const got = [...new Set(csr.dnsNames.map((n) => n.toLowerCase()))].sort();
    if (wanted.join(',') !== got.join(','))
      throw new AcmeProblem('badCSR', `The CSR's names (${got.join(', ')}) must be exactly the order's identifiers (${wanted.join(', ')}).`, 400, 'CSR_NAMES_MISMATCH');
    const metadata = this.metadata(account, correlationId);
    const started = await handleCommand(this.store, orderStream(order.orderId), orderDecider, { type: 'StartFinalizing', at: this.clock.now().toISOString(), csr: pem }, metadata, {
      cache: this.caches.orders,
    });
    if (started.newEvents.length === 0) return started.state as typeof order;
    return this.issue(account, started.state as typeof order, pem, correlationId);
  }

  /**
   * An order processing for longer than RESUME_AFTER_MS lost its finalize (the instance died
   * between StartFinalizing and the outcome): whoever sees it next takes it over and sends the same
   * issuance request again. The request id makes that safe: issuance answers with the certificate
   * the first attempt issued, if it got that far, and counts it once.
   */
  async resumeIfStale(account: AccountData, order: Extract<OrderState, { orderId: string }>, correlationId: string) {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - RESUME_AFTER_MS).toISOString();
    if (order.status !== 'processing' || !order.processing?.csr || order.processing.since >= staleBefore) return order;
    const taken = await handleCommand(
      this.store,
      orderStream(order.orderId),
      orderDecider,
      { type: 'ResumeFinalizing', at: now.toISOString(), staleBefore },
      this.metadata(account, correlationId),
      { cache: this.caches.orders },
    );
    if (taken.newEvents.length === 0) return taken.state as typeof order;
    return this.issue(account, taken.state as typeof order, order.processing.csr, correlationId);
  }

  /** `order` is processing, finalized by this call: it is what the client sees while the outcome is unknown. */
  private async issue(account: AccountData, order: Extract<OrderState, { orderId: string }>, pem: string, correlationId: string) {
    const metadata = this.metadata(account, correlationId);
    try {
      const certificate = await sendRequest(
        this.bus,
        Issuance.RequestCertificate,
        {
          actor: accountActor(account),
          organisationId: account.organisationId,
          ...(account.departmentId ? { departmentId: account.departmentId } : {}),
          csr: pem,
          certificateType: order.certificateType ?? certificateTypeFor(order.identifiers),
          requestId: `acme-order:${order.orderId}`,
          method: 'acme',
        },
        { headers: { correlationId } },
      );
      const { id: certificateId, notBefore, notAfter } = certificate;
      // As openssl prints it: the INTEGER's hex without a sign octet, upper-cased for the record's stream.
      const serialNumber = certificate.serialNumber.toUpperCase();
      await this.certificates.record({ certificateId, accountId: account.accountId, organisationId: account.organisationId, serialNumber, notBefore, notAfter }, metadata);
      this.caches.issued.set(certificateId, { requestedBy: certificate.requestedBy, pemChain: pemChain(certificate) });
      const { state } = await handleCommand(this.store, orderStream(order.orderId), orderDecider, { type: 'RecordIssued', certificateId, at: this.clock.now().toISOString() }, metadata, {
        cache: this.caches.orders,
      });
      return state;
    } catch (error) {
      // Issuance may still finish this request (a timed-out answer, or its resumer after a crash): the
      // order stays processing, and a poll after RESUME_AFTER_MS asks again with the same request id,
      // which answers with that certificate, counted once, or its refusal. Failing the order here
      // would count a certificate its client never gets, and a new order another one.
      if (isDomainError(error) && OUTCOME_UNKNOWN.has(error.code)) return order;
      const at = this.clock.now().toISOString();
      // A CSR the client can fix leaves the order ready for another finalize; a business refusal ends it.
      const retryable = !isDomainError(error) || RETRYABLE.test(error.code) || NOT_REACHED.has(error.code);
      await handleCommand(
        this.store,
        orderStream(order.orderId),
        orderDecider,
        retryable
          ? { type: 'AbortFinalizing', code: isDomainError(error) ? error.code : 'INTERNAL', at }
          : { type: 'RecordFailed', code: error.code, detail: error.message, at },
        metadata,
      );
      throw error;
    }
  }

  private metadata(account: AccountData, correlationId: string) {
    return eventMetadata({ at: this.clock.now(), actor: `acme-account:${account.accountId}`, correlationId });
  }
}
