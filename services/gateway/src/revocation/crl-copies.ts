import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Issuance } from '@platform/contracts';
import { CLOCK, type Clock, DomainError, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import type { NextFunction, Request, Response } from 'express';

/** How long a copy is served without asking issuance again. */
export const CRL_RECHECK_MS = 1000;
/**
 * Up to this long after its last check, a copy is still served at once while issuance is asked
 * again in the background (stale-while-revalidate), so that a steady stream of downloads never
 * waits; past it, a download waits for the answer. A new CRL reaches downloads within this, and
 * within CRL_RECHECK_MS under steady traffic.
 */
export const CRL_SERVE_STALE_MS = 10_000;
/**
 * A cached CRL may be kept until its nextUpdate, but at most an hour: a revocation reaches the CRL
 * within seconds, and relying parties should see it well within the day the Baseline Requirements allow.
 */
export const CRL_MAX_AGE_S = 3600;
/** A CRL is published at least daily: an older copy is not served from memory (issuance publishes the next one). */
const CRL_REFRESH_MS = 24 * 3_600_000;
/** Parts asked for again when the instance that answered holds other bytes of the CRL (see GetCrlPart). */
const MAX_PART_MISSES = 20;

export interface CrlCopy {
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Buffer;
  /** strong validator of these bytes (another gateway may hold another signature of the same CRL) */
  etag: string;
  /** when issuance last confirmed this copy is current (process time, ms) */
  checkedAt: number;
}

const CRL_PATH = /^\/crl\/([a-z-]{1,32})\.crl$/;

/**
 * The gateway's copy of each CA's current CRL, one per process (the controllers are request-scoped).
 * A download soon after the last check is answered from it at once (`fromMemory`, `fresh`);
 * otherwise issuance is asked which CRL is current (a few bytes: GetCrlInfo), concurrent downloads
 * sharing one question, and the CRL itself (megabytes) is fetched, in parts, only when its number
 * changed. A copy never goes back to a lower number, should an instance of issuance that has not
 * caught up answer, and while issuance does not answer, the copy is served until its nextUpdate.
 */
@Injectable()
export class CrlCopies {
  private readonly logger = new Logger('CrlCopies');
  private readonly copies = new Map<string, CrlCopy>();
  private readonly asking = new Map<string, Promise<CrlCopy>>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Express middleware, mounted ahead of Nest's pipeline (configureGatewayApp): a plain
   * `GET /crl/<ca>.crl` whose copy is fresh is answered from memory, since relying parties fetch
   * CRLs in bursts and each pass through Nest (request-scoped controller, guards, the bus) costs
   * ~0.5 ms. Anything else (a query string, an unknown name, no fresh copy) goes on to the
   * documented route, RevocationHttpController.crl.
   */
  readonly fromMemory = (request: Request, response: Response, next: NextFunction): void => {
    const issuerId = request.method === 'GET' || request.method === 'HEAD' ? CRL_PATH.exec(request.url)?.[1] : undefined;
    const copy = issuerId ? this.fresh(issuerId) : undefined;
    if (!copy) return next();
    response.locals.metricsRoute = '/crl/:ca.crl'; // answered ahead of the router: name the route for /metrics
    sendCrl(copy, request, response, this.clock.now());
  };

  /**
   * The copy, when it was confirmed within CRL_SERVE_STALE_MS (past CRL_RECHECK_MS, issuance is asked
   * again in the background) and is not due for its daily successor.
   */
  fresh(issuerId: string): CrlCopy | undefined {
    const copy = this.copies.get(issuerId);
    const age = copy ? performance.now() - copy.checkedAt : Infinity;
    if (!copy || age >= CRL_SERVE_STALE_MS || this.clock.now().getTime() - copy.thisUpdate.getTime() >= CRL_REFRESH_MS) return undefined;
    if (age >= CRL_RECHECK_MS) void this.current(issuerId).catch(() => undefined); // a failed check leaves the copy to age out
    return copy;
  }

  /** The current CRL, after asking issuance (once for all concurrent callers). */
  current(issuerId: string): Promise<CrlCopy> {
    let asked = this.asking.get(issuerId);
    if (!asked) {
      asked = this.ask(issuerId).finally(() => this.asking.delete(issuerId));
      this.asking.set(issuerId, asked);
    }
    return asked;
  }

  private async ask(issuerId: string): Promise<CrlCopy> {
    try {
      return await this.check(issuerId);
    } catch (error) {
      // Issuance unreachable (or failing): a CRL stays valid until its nextUpdate, and relying parties
      // that cannot get one may refuse every certificate, so the copy is served meanwhile, as a CDN would.
      const held = this.copies.get(issuerId);
      if (!held || held.nextUpdate.getTime() <= this.clock.now().getTime()) throw error;
      this.logger.warn(`serving CRL ${issuerId} #${held.number} held: issuance did not answer (${(error as Error).message})`);
      return this.keep(issuerId, { ...held, checkedAt: performance.now() });
    }
  }

  private async check(issuerId: string): Promise<CrlCopy> {
    const checkedAt = performance.now();
    const headers = { headers: { correlationId: newId() } };
    const info = await sendRequest(this.bus, Issuance.GetCrlInfo, { issuerId }, headers);
    const held = this.copies.get(issuerId);
    if (held && held.number >= info.number) return this.keep(issuerId, { ...held, checkedAt });
    const der = await this.fetch(issuerId, info.sha256, headers);
    const latest = this.copies.get(issuerId);
    if (latest && latest.number >= info.number) return latest;
    return this.keep(issuerId, {
      number: info.number,
      thisUpdate: new Date(info.thisUpdate),
      nextUpdate: new Date(info.nextUpdate),
      der,
      etag: `"${createHash('sha256').update(der).digest('base64url')}"`,
      checkedAt,
    });
  }

  /**
   * The CRL with these bytes, in parts: a CRL of 100,000 entries (~4.4 MiB, ~5.9 MiB in base64)
   * does not fit in one NATS message (1 MiB by default). Whichever instance answers a part must
   * hold exactly these bytes; one that holds another signature of the same CRL says CRL_NOT_HELD.
   */
  private async fetch(issuerId: string, sha256: string, headers: { headers: { correlationId: string } }): Promise<Buffer> {
    const parts: Buffer[] = [];
    let misses = 0;
    for (let offset = 0, total = 1; offset < total; ) {
      let part: Issuance.GetCrlPartResponse;
      try {
        part = await sendRequest(this.bus, Issuance.GetCrlPart, { issuerId, sha256, offset }, headers);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'CRL_NOT_HELD' && ++misses < MAX_PART_MISSES) continue;
        throw error;
      }
      const bytes = Buffer.from(part.partDer, 'base64');
      if (bytes.length === 0) throw new DomainError('CRL_PART_EMPTY', 'internal', `an empty part of the ${issuerId} CRL at ${offset} of ${part.totalBytes} bytes`);
      parts.push(bytes);
      offset += bytes.length;
      total = part.totalBytes;
    }
    const der = Buffer.concat(parts);
    if (createHash('sha256').update(der).digest('hex') !== sha256)
      throw new DomainError('CRL_PARTS_MISMATCH', 'internal', `the parts of the ${issuerId} CRL do not make the CRL named (SHA-256 ${sha256})`);
    return der;
  }

  private keep(issuerId: string, copy: CrlCopy): CrlCopy {
    this.copies.set(issuerId, copy);
    return copy;
  }
}

/** Answers with the copy: 304 to a client holding it, else the DER; cacheable until nextUpdate (capped). */
export function sendCrl(copy: CrlCopy, request: Request, response: Response, now: Date): void {
  const untilNextUpdate = Math.floor((copy.nextUpdate.getTime() - now.getTime()) / 1000);
  response.setHeader('Cache-Control', `public, max-age=${Math.max(0, Math.min(CRL_MAX_AGE_S, untilNextUpdate))}`);
  response.setHeader('ETag', copy.etag);
  response.setHeader('Last-Modified', copy.thisUpdate.toUTCString());
  if (notModified(copy, request.headers)) {
    response.statusCode = 304;
    response.end();
    return;
  }
  // Straight to the socket, not through res.send: no body conversion, no freshness check of its own.
  response.setHeader('Content-Type', 'application/pkix-crl');
  response.setHeader('Content-Length', copy.der.length);
  response.end(copy.der); // Node sends no body to a HEAD request
}

/**
 * RFC 9110 13.1.2-13.1.3 for a GET: If-None-Match (weak comparison) decides when present, else
 * If-Modified-Since. Not Express's `req.fresh`: it answers 200 to any request carrying
 * `Cache-Control: no-cache`, which fetch() adds to every conditional request, but that directive
 * speaks to caches; the origin still evaluates the preconditions.
 */
export function notModified(copy: Pick<CrlCopy, 'etag' | 'thisUpdate'>, headers: Record<string, string | string[] | undefined>): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(copy.etag));
  }
  const ifModifiedSince = headers['if-modified-since'];
  const since = typeof ifModifiedSince === 'string' ? Date.parse(ifModifiedSince) : Number.NaN;
  return !Number.isNaN(since) && copy.thisUpdate.getTime() <= since;
}
