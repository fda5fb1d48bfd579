/**
 * The relay's behaviour, run over each bus (in-process in the unit tier, NATS in the int tier):
 * the crash-safety argument rests on the bus's dedup, which differs per adapter.
 * Not exported: it uses jest's globals.
 */
import { defineEvent } from '@platform/contracts';
import { type EventStore, type NewEvent, SqliteEventStore } from '@platform/event-store';
import { z } from 'zod';
import { IntegrationEventRelay, openRelays, type RelayedMessage } from './integration-event.relay';
import type { MessageBus } from './message-bus.port';
import { collector, eventually, recordingLogger, type RecordingLogger } from './message-bus.test-helpers';

export interface RelayFixture {
  /** a bus and the stream (first subject segment) whose events it may publish */
  open(logger: RecordingLogger): Promise<{ bus: MessageBus; stream: string }>;
  deleteStreams?(streams: string[]): Promise<void>;
}

const event = (type: string, data: unknown = {}): NewEvent => ({
  type,
  data,
  metadata: { correlationId: 'c-1', occurredAt: '2026-01-01T00:00:00.000Z' },
});

/** Publishes through `inner`, then fails as a process killed before saving its checkpoint would. */
function crashingAfterPublish(inner: MessageBus, crashes: { left: number }): MessageBus {
  return {
    request: (...args) => inner.request(...args),
    serve: (...args) => inner.serve(...args),
    consume: (...args) => inner.consume(...args),
    claimOnce: (...args) => inner.claimOnce(...args),
    claimsSurviveRestart: inner.claimsSurviveRestart,
    isConnected: () => inner.isConnected(),
    close: () => inner.close(),
    publish: async (...args) => {
      await inner.publish(...args);
      if (crashes.left-- > 0) throw new Error('crashed after publishing');
    },
  };
}

export function relayScenarios(name: string, fixture: RelayFixture): void {
  describe(`IntegrationEventRelay over ${name}`, () => {
    let store: EventStore;
    let bus: MessageBus;
    let logger: RecordingLogger;
    let relay: IntegrationEventRelay | undefined;
    let translate: (e: { id: string; type: string; data: unknown }) => RelayedMessage[];
    const streams: string[] = [];

    beforeEach(async () => {
      logger = recordingLogger();
      const opened = await fixture.open(logger);
      bus = opened.bus;
      streams.push(opened.stream);
      const prefix = opened.stream.toLowerCase();
      const Happened = defineEvent(`${prefix}.evt.thing.happened.v1`, z.object({ n: z.number() }));
      const Split = defineEvent(`${prefix}.evt.thing.split.v1`, z.object({ part: z.number() }));
      // private events → integration events: one, none, or two per event
      translate = (e) => {
        if (e.type === 'ThingHappened') return [{ contract: Happened, data: e.data }];
        if (e.type === 'ThingSplit') return [1, 2].map((part) => ({ contract: Split, data: { part } }));
        return [];
      };
      store = SqliteEventStore.open(':memory:');
    });
    afterEach(async () => {
      await relay?.stop();
      relay = undefined;
      await bus.close();
      await store.close();
    });
    afterAll(async () => {
      await fixture.deleteStreams?.(streams);
    });

    const start = async (on: MessageBus, retryDelayMs = 10): Promise<IntegrationEventRelay> => {
      relay = new IntegrationEventRelay({ name: 'things', store, bus: on, translate, logger, retryDelayMs });
      await relay.start();
      return relay;
    };
    const consumeAll = async (): Promise<ReturnType<typeof collector>> => {
      const seen = collector();
      const stream = streams[streams.length - 1];
      await bus.consume({ stream, durable: 'auditor', subjects: [`${stream.toLowerCase()}.evt.>`] }, seen.handler);
      return seen;
    };

    it('publishes each stored event once, with the event id as message id, then saves its checkpoint', async () => {
      const seen = await consumeAll();
      const publish = jest.spyOn(bus, 'publish');
      const { position } = await store.appendToStream(
        'thing-1',
        [event('ThingHappened', { n: 1 }), event('ThingPrivate'), event('ThingSplit'), event('ThingHappened', { n: 2 })],
        'no_stream',
      );
      const [one, , split, two] = await store.readStream('thing-1');
      await start(bus);
      await eventually(async () => expect(await store.loadCheckpoint('relay-things')).toBe(position));
      await eventually(() => expect(seen.events).toHaveLength(4));
      expect(seen.events.map((e) => [e.id, e.payload])).toEqual([
        [one.id, { n: 1 }],
        [`${split.id}:0`, { part: 1 }],
        [`${split.id}:1`, { part: 2 }],
        [two.id, { n: 2 }],
      ]);
      expect(publish).toHaveBeenCalledTimes(4);

      // live events too, after the catch-up
      await store.appendToStream('thing-2', [event('ThingHappened', { n: 3 })], 'no_stream');
      await eventually(() => expect(seen.events).toHaveLength(5));
      expect(publish).toHaveBeenCalledTimes(5);
    });

    it('reports its lag behind the head of the store from its checkpoint, 0 once caught up, and is listed while it runs', async () => {
      await store.appendToStream('thing-1', [event('ThingHappened', { n: 1 }), event('ThingPrivate')], 'no_stream');
      // every publish fails (and the retry is far off): nothing is relayed, the lag is the whole store
      const refusing = crashingAfterPublish(bus, { left: Infinity });
      const stalled = new IntegrationEventRelay({ name: 'stalled', store, bus: refusing, translate, logger, retryDelayMs: 60_000 });
      await stalled.start();
      expect(openRelays()).toContain(stalled);
      await eventually(() => expect(logger.errors).toHaveLength(1));
      expect(await stalled.lag()).toBe(2);
      await stalled.stop();
      expect(openRelays()).not.toContain(stalled);

      const running = await start(bus);
      await eventually(async () => expect(await running.lag()).toBe(0));
      await store.appendToStream('thing-2', [event('ThingPrivate')], 'no_stream');
      await eventually(async () => expect(await running.lag()).toBe(0));
      expect(openRelays().map((r) => r.name)).toContain('things');
    });

    it('publishes again after a crash between publish and checkpoint; consumers still see each id once', async () => {
      const seen = await consumeAll();
      await store.appendToStream('thing-1', [event('ThingHappened', { n: 1 })], 'no_stream');
      const [stored] = await store.readStream('thing-1');

      // the first process publishes, then dies before its checkpoint (and does not retry: long delay)
      const crashes = { left: 1 };
      const first = await start(crashingAfterPublish(bus, crashes), 60_000);
      await eventually(() => expect(crashes.left).toBe(0));
      await eventually(() => expect(logger.errors).toHaveLength(1));
      await first.stop();
      expect(await store.loadCheckpoint('relay-things')).toBeUndefined();

      // the restarted process publishes from the checkpoint again
      const publish = jest.spyOn(bus, 'publish');
      await start(bus);
      await eventually(async () => expect(await store.loadCheckpoint('relay-things')).toBe(stored.position));
      expect(publish).toHaveBeenCalledWith(expect.any(String), expect.any(String), stored.id, { n: 1 }, { correlationId: 'c-1' }); // with the stored event's correlation id

      await store.appendToStream('thing-2', [event('ThingHappened', { n: 2 })], 'no_stream'); // a marker
      await eventually(() => expect(seen.events).toHaveLength(2));
      expect(seen.events.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('saves its checkpoint once for a burst of events, not per event, and on stop', async () => {
      const seen = await consumeAll();
      const saves = jest.spyOn(store, 'saveCheckpoint');
      await start(bus);
      let last = 0n;
      for (let i = 0; i < 30; i++) last = (await store.appendToStream(`thing-${i}`, [event('ThingHappened', { n: i })], 'no_stream')).position;
      await eventually(() => expect(seen.events).toHaveLength(30));
      await relay!.stop();
      expect(await store.loadCheckpoint('relay-things')).toBe(last);
      expect(saves.mock.calls.length).toBeLessThanOrEqual(5);
    });

    it('retries by itself from the checkpoint after a failure', async () => {
      const seen = await consumeAll();
      const crashes = { left: 2 };
      await start(crashingAfterPublish(bus, crashes), 5);
      await store.appendToStream('thing-1', [event('ThingHappened', { n: 1 })], 'no_stream');
      const [stored] = await store.readStream('thing-1');
      await eventually(async () => expect(await store.loadCheckpoint('relay-things')).toBe(stored.position));
      expect(crashes.left).toBeLessThan(0); // published three times: twice "crashed", then saved
      await store.appendToStream('thing-2', [event('ThingHappened', { n: 2 })], 'no_stream');
      await eventually(() => expect(seen.events).toHaveLength(2));
      expect(seen.events.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });
}
