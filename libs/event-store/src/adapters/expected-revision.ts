import { type ExpectedRevision, WrongExpectedRevisionError } from '../event-store.port';

/**
 * The optimistic concurrency rule shared by the table-backed adapters.
 * `current` is the stream's last revision, -1 when the stream does not exist.
 */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number): void {
  const ok = expected === 'any' || (expected === 'no_stream' ? current === -1 : expected === current);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current < 0 ? 'no_stream' : current);
}

export function assertMaxCount(maxCount: number): void {
  if (!Number.isInteger(maxCount) || maxCount < 1) {
    throw new RangeError(`readAll: maxCount must be a positive integer, got ${maxCount}`);
  }
}
