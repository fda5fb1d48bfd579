import type { RecordedEvent } from '@platform/event-store';

/** A projection threw while applying an event; nothing of that transaction was committed. */
export class ProjectionApplyError extends Error {
  readonly position: bigint;
  /** the event at fault, for the log and the fault table */
  readonly event: Pick<RecordedEvent, 'id' | 'streamId' | 'type' | 'position'>;

  constructor(
    readonly projection: string,
    event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} failed on event ${event.type} ${event.id} of stream ${event.streamId} at position ${event.position}: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. Fix the projection or the data; ` +
        'the runner retries from its checkpoint.',
    );
    this.name = 'ProjectionApplyError';
    this.position = event.position;
    this.event = { id: event.id, streamId: event.streamId, type: event.type, position: event.position };
  }
}

export class ProjectionWaitTimeoutError extends Error {
  constructor(position: bigint, timeoutMs: number, behind: string[]) {
    super(
      `read models did not reach position ${position} within ${timeoutMs} ms (behind: ${behind.join(', ')}). ` +
        'Check the runner is started and its projections are not failing.',
    );
    this.name = 'ProjectionWaitTimeoutError';
  }
}
