import type { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';

/**
 * Turns events into read model rows. A projection must be a pure function of the events it is given
 * (no clock, no calls to other services, no reads outside its own tables): that is what makes a
 * rebuild by replay give the same rows as the incremental run.
 */
export interface Projection {
  /** stable name; its checkpoint row is `projection:<name>`. Renaming it means a full replay. */
  name: string;
  /** the tables this projection owns and may write: a rebuild deletes all their rows */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  handles(type: string): boolean;
  /**
   * Applies one event through `em`, which is inside the transaction that also moves the checkpoint.
   * Never commit, flush into another EntityManager or swallow errors here: a throw rolls the whole
   * transaction back and the runner retries from the checkpoint.
   */
  apply(em: EntityManager, event: RecordedEvent): Promise<void>;
  /**
   * 'per-batch': the events of one transaction are flushed together at its end, so that a row made
   * and removed within the batch is never written, a row changed by many events is written once, and
   * inserts go in one statement. Only for a projection that works through the unit of work alone
   * (em.create, lookups by primary key, em.remove, changes to managed rows): a native query or a
   * lookup by another column would not see the unflushed rows of earlier events.
   * Default 'per-event': flushed after each event.
   */
  flush?: 'per-event' | 'per-batch';
  /**
   * How long a live event nobody waits for may wait to share a transaction with later ones; default:
   * the runner's (50 ms). Longer for a read model that takes many events per certificate and that no
   * one reads the instant it changes: readers that must see a write wait for it (waitFor, caughtUp),
   * and that applies the pending events at once.
   */
  liveDelayMs?: number;
  /**
   * What an entity schema cannot say (an SQLite FTS5 table and its triggers, a PostgreSQL trigram
   * index), run after the tables exist at every start: idempotent statements only (IF NOT EXISTS).
   * On PostgreSQL it runs inside the DDL transaction that holds the schema's advisory lock. An SQLite
   * virtual table it makes must be named `<something>_fts`: the schema diff leaves those alone.
   */
  prepare?(em: EntityManager, backend: ReadModelBackend): Promise<void>;
}

export type ReadModelBackend = 'sqlite' | 'postgres';
