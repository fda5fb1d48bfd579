import { performance } from 'node:perf_hooks';
import { type EventStore, PostgresEventStore, WrongExpectedRevisionError, eventMetadata, handleCommand } from '@platform/event-store';
import { type TemporarySchema, createTemporarySchema } from '@platform/testing';
import { SubscriptionCommands } from './subscription.commands';
import { subscriptionDecider } from './subscription.decider';
import { subscriptionStream } from './subscription.events';

/** Counts the appends that lost the optimistic race. */
const countingConflicts = (store: EventStore) => {
  const counter = { conflicts: 0 };
  const counting: EventStore = Object.create(store);
  counting.appendToStream = async (...args) => {
    try {
      return await store.appendToStream(...args);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) counter.conflicts++;
      throw error;
    }
  };
  return { store: counting, counter };
};

/**
 * 200 concurrent reservations on one subscription stream in PostgreSQL (appends are async there, so
 * the optimistic race is real): with optimistic retries alone, and serialised per stream in-process.
 * Figures are printed; the assertions are the invariant (exactly 50 reserved, 150 ALLOWANCE_EXHAUSTED).
 */
describe('reservations under contention (PostgreSQL)', () => {
  let schema: TemporarySchema;
  let pg: PostgresEventStore;
  const at = new Date('2026-11-26T12:00:00Z');
  const meta = eventMetadata({ at, actor: 'test' });

  beforeAll(async () => {
    schema = await createTemporarySchema('billing_race');
    pg = await PostgresEventStore.connect({ connectionString: schema.connectionString, schema: schema.schema, poolSize: 10 });
  });
  afterAll(async () => {
    await pg?.close();
    await schema?.drop();
  });

  const race = async (orgId: string, reserve: (store: EventStore, certificateId: string) => Promise<unknown>) => {
    const { store, counter } = countingConflicts(pg);
    await handleCommand(store, subscriptionStream(orgId), subscriptionDecider, { type: 'StartSubscription', organisationId: orgId, usageClass: 'A', member: true, startsOn: '2026-11-01', at: new Date('2026-11-01T00:00:00Z') }, meta);
    const started = performance.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => reserve(store, `c${i}`)));
    const codes = outcomes.map((o) => (o.status === 'fulfilled' ? 'reserved' : ((o.reason as { code?: string; name: string }).code ?? (o.reason as Error).name)));
    const tally = codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
    return { tally, conflicts: counter.conflicts, ms: Math.round(performance.now() - started) };
  };

  it('serialised per stream: no conflicts, exactly 50 reserved and 150 refused', async () => {
    let commands: SubscriptionCommands | undefined;
    const result = await race('org-serialised', (store, certificateId) => {
      commands ??= new SubscriptionCommands(store);
      return commands.handle('org-serialised', { type: 'ReserveAllowance', certificateId, at }, meta);
    });
    console.log(`serialised: ${JSON.stringify(result)}`);
    expect(result.tally).toEqual({ reserved: 50, ALLOWANCE_EXHAUSTED: 150 });
    expect(result.conflicts).toBe(0);
  });

  it('optimistic retries alone (what another billing instance adds): the invariant holds, at the price of conflicts', async () => {
    const result = await race('org-optimistic', (store, certificateId) =>
      handleCommand(store, subscriptionStream('org-optimistic'), subscriptionDecider, { type: 'ReserveAllowance', certificateId, at }, meta, { maxAttempts: 200 }),
    );
    console.log(`optimistic only: ${JSON.stringify(result)}`);
    expect(result.tally).toEqual({ reserved: 50, ALLOWANCE_EXHAUSTED: 150 });
    expect(result.conflicts).toBeGreaterThan(0);
  });
});
