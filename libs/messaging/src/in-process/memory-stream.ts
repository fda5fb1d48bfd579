/** One stored message. The payload is kept as JSON so every delivery gets its own copy. */
export interface StoredMessage {
  index: number;
  subject: string;
  id: string;
  json: string | undefined;
  correlationId?: string;
}

/**
 * The in-memory stand-in for a JetStream stream: an append-only log plus a dedup window of the
 * last `dedupWindow` message ids (JetStream's window is time-based; a count is enough in one process).
 * The log is never trimmed: a durable registered later starts from the beginning, as with JetStream.
 */
export class MemoryStream {
  private readonly log: StoredMessage[] = [];
  private readonly recentIds = new Map<string, number>(); // id → index, insertion-ordered

  constructor(private readonly dedupWindow: number) {}

  get length(): number {
    return this.log.length;
  }

  at(index: number): StoredMessage {
    return this.log[index];
  }

  /** The index of an earlier message with this id, if it is still in the dedup window. */
  duplicateOf(id: string): number | undefined {
    return this.recentIds.get(id);
  }

  append(subject: string, id: string, payload: unknown, correlationId?: string): StoredMessage {
    const message = { index: this.log.length, subject, id, json: JSON.stringify(payload), ...(correlationId ? { correlationId } : {}) };
    this.log.push(message);
    this.recentIds.set(id, message.index);
    if (this.recentIds.size > this.dedupWindow) {
      const oldest = this.recentIds.keys().next().value as string;
      this.recentIds.delete(oldest);
    }
    return message;
  }
}

/** JSON round trip, as over the network: no shared references, `undefined` stays `undefined`. */
export const parseJson = (json: string | undefined): unknown => (json === undefined ? undefined : JSON.parse(json));
export const jsonCopy = (value: unknown): unknown => parseJson(JSON.stringify(value));
