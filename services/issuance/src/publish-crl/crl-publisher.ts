import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, WrongExpectedRevisionError, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { type CertificateAuthority, ISSUER_IDS, type IssuerId } from '@platform/pki';
import { CRL_VALIDITY_MS, type CrlPublishedData, crlDecider, crlDue, crlStream, nextCrlNumber } from '../crl/crl.decider';
import { CERTIFICATE_AUTHORITY, ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { revokedUnexpired } from '../projections/certificate-status.projection';

/**
 * Signs and stores a new CRL for an issuing CA when one is due (crlDue). Safe to call from
 * several places and processes at once: the CRL stream's expected revision lets one of them win,
 * and the others re-check on fresh state (usually finding nothing left to do).
 */
@Injectable()
export class CrlPublisher {
  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: CertificateListProjection,
  ) {}

  /** The current CRL, after publishing a new one if due. `revokedAtPosition`: a revocation it must include. */
  async current(issuerId: string, revokedAtPosition?: bigint): Promise<CrlPublishedData> {
    if (!ISSUER_IDS.includes(issuerId as IssuerId))
      throw new DomainError('CRL_NOT_FOUND', 'not_found', `There is no CRL "${issuerId}"; the CAs are ${ISSUER_IDS.join(', ')}.`, { issuerId });
    for (let attempt = 1; ; attempt++) {
      const { state } = await aggregateStream(this.store, crlStream(issuerId), crlDecider);
      const now = this.clock.now();
      if (state.status === 'published' && !crlDue(state, now, revokedAtPosition)) return state.latest;
      try {
        const covered = state.status === 'published' ? BigInt(state.latest.coveredPosition) : 0n;
        const covering = revokedAtPosition !== undefined && revokedAtPosition > covered ? revokedAtPosition : covered;
        return await this.publish(issuerId as IssuerId, nextCrlNumber(state), now, covering, revokedAtPosition);
      } catch (error) {
        const lostRace = error instanceof WrongExpectedRevisionError || (error instanceof DomainError && error.code === 'CRL_NUMBER_TAKEN');
        if (!lostRace || attempt >= 5) throw error;
      }
    }
  }

  private async publish(
    issuerId: IssuerId,
    number: number,
    now: Date,
    covering: bigint,
    revokedAtPosition?: bigint,
  ): Promise<CrlPublishedData> {
    // The status read model must include every revocation up to the one that asked for this CRL.
    if (revokedAtPosition !== undefined) await this.readModel.waitFor(revokedAtPosition);
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const nextUpdate = new Date(thisUpdate.getTime() + CRL_VALIDITY_MS);
    const rows = await revokedUnexpired(this.readModel.em(), issuerId, thisUpdate);
    const der = await this.ca.signCrl(issuerId, {
      number,
      thisUpdate,
      nextUpdate,
      entries: rows.map((r) => ({ serialNumber: r.serialNumber, revokedAt: r.revokedAt!, reason: r.reason ?? 'unspecified' })),
    });
    const crl: CrlPublishedData = {
      issuerId,
      number,
      thisUpdate: thisUpdate.toISOString(),
      nextUpdate: nextUpdate.toISOString(),
      coveredPosition: String(covering),
      entries: rows.length,
      crlDer: der.toString('base64'),
    };
    // maxAttempts 1: on a conflict the caller re-reads and decides again whether a CRL is still due.
    await handleCommand(this.store, crlStream(issuerId), crlDecider, { type: 'PublishCrl', crl }, eventMetadata({ at: now, actor: 'system:crl' }), {
      maxAttempts: 1,
    });
    return crl;
  }
}
