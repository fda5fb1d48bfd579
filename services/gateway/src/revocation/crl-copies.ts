import { createHash } from 'node:crypto';
import { Issuance } from '@platform/contracts';
import type { BusClient } from '../http/bus-client';

export interface CrlCopy {
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Buffer;
  /** strong validator of these bytes (another gateway may hold another signature of the same CRL) */
  etag: string;
}

/**
 * The gateway's copy of each CA's current CRL. A download asks issuance only which CRL is current
 * (a few bytes: GetCrlInfo) and fetches the CRL itself (megabytes, base64) only when its number
 * changed; concurrent downloads share one question. A copy never goes back to a lower number,
 * should an instance of issuance that has not caught up answer.
 */
export class CrlCopies {
  private readonly copies = new Map<string, CrlCopy>();
  private readonly asking = new Map<string, Promise<CrlCopy>>();

  constructor(private readonly bus: BusClient) {}

  current(issuerId: string): Promise<CrlCopy> {
    let asked = this.asking.get(issuerId);
    if (!asked) {
      asked = this.ask(issuerId).finally(() => this.asking.delete(issuerId));
      this.asking.set(issuerId, asked);
    }
    return asked;
  }

  private async ask(issuerId: string): Promise<CrlCopy> {
    const info = await this.bus.send(Issuance.GetCrlInfo, { issuerId });
    const held = this.copies.get(issuerId);
    if (held && held.number >= info.number) return held;
    const crl = await this.bus.send(Issuance.GetCrl, { issuerId });
    const latest = this.copies.get(issuerId);
    if (latest && latest.number >= crl.number) return latest;
    const der = Buffer.from(crl.crlDer, 'base64');
    const copy: CrlCopy = {
      number: crl.number,
      thisUpdate: new Date(crl.thisUpdate),
      nextUpdate: new Date(crl.nextUpdate),
      der,
      etag: `"${createHash('sha256').update(der).digest('base64url')}"`,
    };
    this.copies.set(issuerId, copy);
    return copy;
  }
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
