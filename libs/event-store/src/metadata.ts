import type { EventMetadata, RecordedEvent } from './event-store.port';

/** Metadata for the events of one command: who, when, and which request caused it. */
export const eventMetadata = (o: {
  at: Date;
  actor?: string;
  correlationId?: string;
  causationId?: string;
}): EventMetadata => ({
  occurredAt: o.at.toISOString(),
  actor: o.actor,
  correlationId: o.correlationId ?? 'none',
  causationId: o.causationId,
});

/** A stored event as auditors read it: in order, with who did what and when. */
export const toHistoryEntry = (e: RecordedEvent) => ({
  revision: e.revision,
  id: e.id,
  type: e.type,
  data: e.data,
  occurredAt: e.metadata.occurredAt,
  actor: e.metadata.actor,
  correlationId: e.metadata.correlationId,
});
