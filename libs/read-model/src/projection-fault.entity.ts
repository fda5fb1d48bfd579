import { EntitySchema } from '@mikro-orm/core';

/**
 * An event a projection could not apply, however often it tried: set aside ("parked") so that the
 * projection's other work goes on, kept here until `ProjectionRunner.retryFaults` applies it after
 * a fix. Lives in the read model's database, next to the checkpoint it was skipped with.
 */
export interface ProjectionFault {
  /** `<projection>@<position>` */
  id: string;
  projection: string;
  /** global log position, as a decimal string */
  position: string;
  eventId: string;
  streamId: string;
  eventType: string;
  /** the last error's message */
  error: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** failed applications, the retries after parking included */
  attempts: number;
}

export const ProjectionFaultSchema = new EntitySchema<ProjectionFault>({
  name: 'ProjectionFault',
  tableName: 'projection_fault',
  properties: {
    id: { type: 'string', primary: true },
    projection: { type: 'string', index: true },
    position: { type: 'string', length: 32 },
    eventId: { type: 'string' },
    streamId: { type: 'text' },
    eventType: { type: 'string' },
    error: { type: 'text' },
    firstSeenAt: { type: 'Date' },
    lastSeenAt: { type: 'Date' },
    attempts: { type: 'integer' },
  },
});

export const faultId = (projection: string, position: bigint): string => `${projection}@${position}`;
