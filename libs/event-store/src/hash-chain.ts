/**
 * Tamper evidence for the event log: every event carries a SHA-256 hash that chains it to the
 * previous event of its stream,
 *
 *   hash(r) = SHA-256( hash(r-1) ‖ uint32be(r) ‖ UTF-8(canonical JSON of { streamId, id, type, data, metadata }) )
 *
 * with 32 zero bytes before revision 0. An edited event no longer matches its hash, a deleted or
 * reordered one breaks the sequence of revisions, and an event edited together with its own hash
 * breaks the next link. Deleting the newest events of a stream leaves a shorter chain that is
 * still valid: the chain heads (the last hash of each stream) published with a statement are what
 * catches that. The revision sits outside the JSON so that PostgreSQL can chain inside its append
 * function, where the revision is decided (postgres.schema.ts).
 */
import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent } from './event-store.port';

/** What comes before revision 0. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785 orders them) and no whitespace:
 * the same text for the same value whatever order or spacing a store gave back (PostgreSQL's jsonb
 * reorders keys). Values first go through JSON itself, so undefined fields vanish as they do when stored.
 */
export function canonicalJson(value: unknown): string {
  return write(JSON.parse(JSON.stringify(value ?? null)) as unknown);
}

function write(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

type Chained = Pick<RecordedEvent, 'streamId' | 'id' | 'type' | 'data' | 'metadata'>;

/**
 * The part of an event's hash input that its writer knows before the store decides the revision.
 * The id in lower case: PostgreSQL gives uuids back that way whatever case they were written in.
 */
export const chainText = (e: Chained): string =>
  canonicalJson({ streamId: e.streamId, id: e.id.toLowerCase(), type: e.type, data: e.data ?? null, metadata: e.metadata });

export function eventHash(previous: Buffer, revision: number, text: string): Buffer {
  const r = Buffer.alloc(4);
  r.writeUInt32BE(revision);
  return createHash('sha256').update(previous).update(r).update(text, 'utf8').digest();
}

/** The hash of each event of a stream, given in revision order from revision 0: for a store that chains in code. */
export function chainHashes(previous: Buffer, firstRevision: number, events: readonly Chained[]): Buffer[] {
  const hashes: Buffer[] = [];
  for (const [i, e] of events.entries()) hashes.push((previous = eventHash(previous, firstRevision + i, chainText(e))));
  return hashes;
}

/** The first link that does not hold, in log order. */
export interface ChainBreak {
  position: bigint;
  streamId: string;
  revision: number;
  eventId: string;
  reason: string;
}

export interface ChainReport {
  events: number;
  streams: number;
  /** the last hash of each stream (hex), in stream id order: what a statement publishes */
  heads: Map<string, string>;
  broken?: ChainBreak;
}

/**
 * Reads the whole log (pages of `pageSize`) and checks every link. Keeps one hash per stream in
 * memory, nothing per event. Stops at the first break.
 */
export async function verifyChain(
  store: EventStore,
  options: { pageSize?: number; onProgress?: (events: number, position: bigint) => void } = {},
): Promise<ChainReport> {
  const last = new Map<string, { revision: number; hash: Buffer }>();
  let events = 0;
  let after: bigint | undefined;
  const broken = (e: RecordedEvent, reason: string): ChainReport => ({
    events,
    streams: last.size,
    heads: heads(last),
    broken: { position: e.position, streamId: e.streamId, revision: e.revision, eventId: e.id, reason },
  });
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.pageSize ?? 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      const link = checkLink(last.get(e.streamId), e);
      if ('reason' in link) return broken(e, link.reason);
      last.set(e.streamId, link);
      events += 1;
    }
    after = page[page.length - 1].position;
    options.onProgress?.(events, after);
  }
  return { events, streams: last.size, heads: heads(last) };
}

type Link = { revision: number; hash: Buffer };

/** One link: the event follows `before` (undefined: it opens its stream) and matches its hash; else why not. */
function checkLink(before: Link | undefined, e: RecordedEvent): Link | { reason: string } {
  const expected = before ? before.revision + 1 : 0;
  if (e.revision !== expected)
    return { reason: e.revision > expected ? `revision ${e.revision} follows ${expected - 1}: an event is missing` : `revision ${e.revision} again or out of order (expected ${expected})` };
  if (!e.hash) return { reason: 'the event carries no hash' };
  const hash = eventHash(before?.hash ?? GENESIS_HASH, e.revision, chainText(e));
  if (hash.toString('hex') !== e.hash) return { reason: 'the event does not match its hash: it, or the hash of the event before it in its stream, was changed' };
  return { revision: e.revision, hash };
}

/**
 * The chain of one stream's events (as `readStream` gives them, from revision 0), recomputed from
 * the genesis hash: what a statement built from that stream publishes as its evidence. The head is
 * the last event that holds; `broken` the first that does not.
 */
export function verifyStream(events: readonly RecordedEvent[]): { head?: RecordedEvent & { hash: string }; broken?: ChainBreak } {
  let before: Link | undefined;
  let head: (RecordedEvent & { hash: string }) | undefined;
  for (const e of events) {
    const link = checkLink(before, e);
    if ('reason' in link) return { head, broken: { position: e.position, streamId: e.streamId, revision: e.revision, eventId: e.id, reason: link.reason } };
    before = link;
    head = { ...e, hash: link.hash.toString('hex') };
  }
  return { head };
}

const heads = (last: Map<string, { hash: Buffer }>): Map<string, string> =>
  new Map([...last.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stream, { hash }]) => [stream, hash.toString('hex')]));
