import { Inject, Injectable, Logger } from '@nestjs/common';
import { AggregateCache, type EventStore, WrongExpectedRevisionError, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { type CertificateAuthority, ISSUER_IDS, type IssuerId, encodeCrlEntry } from '@platform/pki';
import { CRL_VALIDITY_MS, type CrlPublishedData, type CrlState, crlAged, crlDecider, crlDue, crlStream, nextCrlNumber } from '../crl/crl.decider';
import { CERTIFICATE_AUTHORITY, ISSUANCE_CONFIG, ISSUANCE_STORE, type IssuanceConfig } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { type RevokedEntryRow, revokedEntries } from '../projections/certificate-status.projection';
import { CrlFileStore, type CurrentCrl, currentCrl } from './crl-file.store';

/** An encoded entry and what it was encoded from: re-encoded only when the revocation changed. */
type EncodedEntry = { revokedAt: number; reason: string; der: Buffer };

/**
 * Keeps the current CRL of each issuing CA in memory (and on disk, for restarts) and signs a new
 * one when due (crlDue). Downloads are answered from memory; only the daily refresh and the
 * revocations (the subscriber) go to the records, and then to the CRL stream's tail only (its
 * folded state is cached) and to the revoked entries, so the cost grows with the revoked set,
 * never with the history of publications.
 *
 * Several processes may publish at once: a CRL is signed before its publication is appended with
 * the stream's expected revision, so the loser's CRL is never served and no two CRLs share a
 * number. A publication records what the CRL lists (the revocations up to its covered position),
 * so another instance signs the same list again under the same number.
 */
@Injectable()
export class CrlPublisher {
  private readonly logger = new Logger('CrlPublisher');
  private readonly held = new Map<string, CurrentCrl>();
  /** the CRL held before the current one: a caller fetching it in parts may have started on it */
  private readonly previous = new Map<string, CurrentCrl>();
  private readonly streams = new AggregateCache<CrlState>(ISSUER_IDS.length);
  /** per CA, the refresh in progress: they run one after the other */
  private readonly running = new Map<string, Promise<CurrentCrl>>();
  private readonly encoded = new Map<string, Map<string, EncodedEntry>>();
  private readonly files?: CrlFileStore;

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ISSUANCE_CONFIG) config: IssuanceConfig,
    private readonly readModel: CertificateListProjection,
  ) {
    if (config.crlDir) this.files = new CrlFileStore(config.crlDir);
  }

  /** The CRL to serve: the one held, unless there is none yet or it is a day old. */
  async current(issuerId: string): Promise<CurrentCrl> {
    checkIssuer(issuerId);
    const fresh = () => {
      const held = this.held.get(issuerId);
      return held && !crlAged(held, this.clock.now()) ? held : undefined;
    };
    const held = fresh();
    if (held) return held;
    // Concurrent downloads of a missing or aged CRL wait for one refresh, not one each.
    await this.running.get(issuerId)?.catch(() => undefined);
    return fresh() ?? this.refresh(issuerId);
  }

  /** The held CRL (current or the one before) with these exact bytes, for a caller fetching it in parts. */
  heldBytes(issuerId: string, sha256: string): CurrentCrl {
    checkIssuer(issuerId);
    const crl = [this.held.get(issuerId), this.previous.get(issuerId)].find((c) => c?.sha256 === sha256);
    if (!crl)
      throw new DomainError('CRL_NOT_HELD', 'conflict', `This instance does not hold the ${issuerId} CRL with SHA-256 ${sha256}; ask again (another instance may).`, {
        issuerId,
        sha256,
      });
    return crl;
  }

  /** Publishes a new CRL if one is due (`revokedAtPosition`: a revocation it must include), else makes sure the latest is held. */
  refresh(issuerId: string, revokedAtPosition?: bigint): Promise<CurrentCrl> {
    checkIssuer(issuerId);
    const before = this.running.get(issuerId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.update(issuerId as IssuerId, revokedAtPosition));
    this.running.set(issuerId, run);
    const forget = () => {
      if (this.running.get(issuerId) === run) this.running.delete(issuerId);
    };
    run.then(forget, forget);
    return run;
  }

  private async update(issuerId: IssuerId, revokedAtPosition?: bigint): Promise<CurrentCrl> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await aggregateStream(this.store, crlStream(issuerId), crlDecider, this.streams);
      const now = this.clock.now();
      if (state.status === 'published' && !crlDue(state, now, revokedAtPosition)) return this.hold(state.latest);
      // A new CRL covers everything stored so far, not just the revocation that asked for it: after
      // a mass revocation (or a restart behind many), one CRL takes them all, not one CRL each.
      const covering = [state.status === 'published' ? BigInt(state.latest.coveredPosition) : 0n, revokedAtPosition ?? 0n, (await this.store.headPosition()) ?? 0n].reduce(
        (a, b) => (a > b ? a : b),
      );
      const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
      const publication: CrlPublishedData = {
        issuerId,
        number: nextCrlNumber(state),
        thisUpdate: thisUpdate.toISOString(),
        nextUpdate: new Date(thisUpdate.getTime() + CRL_VALIDITY_MS).toISOString(),
        coveredPosition: String(covering),
        entries: 0,
      };
      const signed = await this.sign(publication);
      try {
        // maxAttempts 1: on a conflict the loop re-reads and decides again whether a CRL is still due.
        await handleCommand(this.store, crlStream(issuerId), crlDecider, { type: 'PublishCrl', crl: signedPublication(signed) }, eventMetadata({ at: now, actor: 'system:crl' }), {
          maxAttempts: 1,
          cache: this.streams as AggregateCache<unknown>,
          assume: { state, revision },
        });
      } catch (error) {
        const lostRace = error instanceof WrongExpectedRevisionError || (error instanceof DomainError && error.code === 'CRL_NUMBER_TAKEN');
        if (!lostRace || attempt >= 5) throw error;
        continue;
      }
      return this.keep(signed);
    }
  }

  /** The latest publication, held: as it is, from disk after a restart, or signed again from the records. */
  private async hold(latest: CrlPublishedData): Promise<CurrentCrl> {
    const held = this.held.get(latest.issuerId);
    if (held && held.number >= latest.number) return held;
    const stored = await this.files?.read(latest.issuerId);
    if (stored && stored.number === latest.number && stored.thisUpdate === latest.thisUpdate) return this.keep(stored, false);
    return this.keep(await this.sign(latest));
  }

  private async keep(crl: CurrentCrl, write = true): Promise<CurrentCrl> {
    const held = this.held.get(crl.issuerId);
    if (held && held.number > crl.number) return held; // never serve an older CRL than one already served
    if (held && held.sha256 !== crl.sha256) this.previous.set(crl.issuerId, held);
    this.held.set(crl.issuerId, crl);
    if (write) await this.files?.write(crl).catch((e) => this.logger.warn(`CRL ${crl.issuerId} #${crl.number} not written to disk: ${(e as Error).message}`));
    return crl;
  }

  /** Signs what `publication` covers: the revoked, unexpired entries up to its covered position. */
  private async sign(publication: CrlPublishedData): Promise<CurrentCrl> {
    const covered = BigInt(publication.coveredPosition);
    // The status read model must include every revocation the publication covers.
    if (covered > 0n) await this.readModel.waitForStatus(covered);
    const thisUpdate = new Date(publication.thisUpdate);
    const rows = await revokedEntries(this.readModel.em(), publication.issuerId, thisUpdate, covered);
    const der = await this.ca.signCrl(publication.issuerId as IssuerId, {
      number: publication.number,
      thisUpdate,
      nextUpdate: new Date(publication.nextUpdate),
      entries: this.encode(publication.issuerId, rows),
    });
    return currentCrl({ ...publication, entries: rows.length }, der);
  }

  /** Entries encoded once and kept per CA; only what changed is encoded again, and expired ones are dropped. */
  private encode(issuerId: string, rows: RevokedEntryRow[]): Buffer[] {
    const before = this.encoded.get(issuerId) ?? new Map<string, EncodedEntry>();
    const after = new Map<string, EncodedEntry>();
    const ders = rows.map((row) => {
      const revokedAt = row.revokedAt.getTime();
      const reason = row.reason ?? 'unspecified';
      let entry = before.get(row.serialNumber);
      if (!entry || entry.revokedAt !== revokedAt || entry.reason !== reason)
        entry = { revokedAt, reason, der: ownCopy(encodeCrlEntry({ serialNumber: row.serialNumber, revokedAt: row.revokedAt, reason })) };
      after.set(row.serialNumber, entry);
      return entry.der;
    });
    this.encoded.set(issuerId, after);
    return ders;
  }
}

/**
 * A kept entry gets memory of its own: a small Buffer is a slice of Node's shared 8 KiB pool, and one
 * kept slice keeps its whole slab alive (8 KiB per revoked certificate, seen as RSS growing in the soak).
 */
function ownCopy(der: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(der.length);
  der.copy(own);
  return own;
}

const signedPublication = ({ der: _der, sha256: _sha256, ...publication }: CurrentCrl): CrlPublishedData => publication;

function checkIssuer(issuerId: string): asserts issuerId is IssuerId {
  if (!ISSUER_IDS.includes(issuerId as IssuerId))
    throw new DomainError('CRL_NOT_FOUND', 'not_found', `There is no CRL "${issuerId}"; the CAs are ${ISSUER_IDS.join(', ')}.`, { issuerId });
}
