import { InProcessBus } from './in-process.bus';
import { messageBusConformance } from './message-bus.conformance';
import {
  collector,
  eventSubject,
  eventually,
  type RecordingLogger,
  recordingLogger,
  sleep,
} from './message-bus.test-helpers';

messageBusConformance('InProcessBus', {
  open: async (logger) => new InProcessBus({ logger, retryBackoffMs: () => 10 }),
});

describe('InProcessBus, beyond the conformance suite', () => {
  let bus: InProcessBus;
  let logger: RecordingLogger;
  const stream = 'SHOP';
  const placed = eventSubject(stream, 'order.placed.v1');

  beforeEach(() => {
    logger = recordingLogger();
    bus = new InProcessBus({ logger, retryBackoffMs: () => 5, maxDeliver: 3, dedupWindow: 2 });
  });
  afterEach(() => bus.close());

  it('resolves publish only once every registered durable has handled the message (the relay checkpoints then)', async () => {
    const handled: string[] = [];
    await bus.consume({ stream, durable: 'slow', subjects: [placed] }, async (e) => {
      await sleep(20);
      handled.push(e.id);
    });
    await bus.consume({ stream, durable: 'flaky', subjects: [placed] }, async (e) => {
      if (e.deliveryCount === 1) throw new Error('try again');
      handled.push(`${e.id} again`);
    });
    await bus.publish(stream, placed, 'm1', {});
    expect(handled.sort()).toEqual(['m1', 'm1 again']);
  });

  it('does not wait for a durable that is closed: it catches up when consumed again', async () => {
    const seen = collector();
    const consumer = await bus.consume({ stream, durable: 'later', subjects: [placed] }, seen.handler);
    await consumer.close();
    await bus.publish(stream, placed, 'm1', {});
    expect(seen.ids()).toEqual([]);
    await bus.consume({ stream, durable: 'later', subjects: [placed] }, seen.handler);
    await eventually(() => expect(seen.ids()).toEqual(['m1']));
  });

  it('does not deadlock when a handler publishes to a stream it consumes', async () => {
    const seen: string[] = [];
    await bus.consume({ stream, durable: 'echo', subjects: [placed] }, async (e) => {
      seen.push(e.id);
      if (e.id === 'm1') await bus.publish(stream, placed, 'm2', {});
    });
    await bus.publish(stream, placed, 'm1', {});
    await eventually(() => expect(seen).toEqual(['m1', 'm2']));
  });

  it('does not deadlock when a handler calls a request whose handler publishes to that stream', async () => {
    const seen: string[] = [];
    await bus.serve('shop.cmd.order.place.v1', async () => void (await bus.publish(stream, placed, 'm2', {})));
    await bus.consume({ stream, durable: 'caller', subjects: [placed] }, async (e) => {
      seen.push(e.id);
      if (e.id === 'm1') await bus.request('shop.cmd.order.place.v1', {});
    });
    await bus.publish(stream, placed, 'm1', {});
    await eventually(() => expect(seen).toEqual(['m1', 'm2']));
  });

  it('gives up on a message after maxDeliver failures, logs an error and goes on with the next', async () => {
    const calls: Array<[string, number]> = [];
    await bus.consume({ stream, durable: 'doomed', subjects: [placed] }, async (e) => {
      calls.push([e.id, e.deliveryCount]);
      if (e.id === 'poison') throw new Error('cannot handle this');
    });
    await bus.publish(stream, placed, 'poison', {});
    await bus.publish(stream, placed, 'fine', {});
    expect(calls).toEqual([
      ['poison', 1],
      ['poison', 2],
      ['poison', 3],
      ['fine', 1],
    ]);
    expect(logger.errors).toHaveLength(1);
    expect(String(logger.errors[0][0])).toMatch(/giving up on .* poison after 3 deliveries/);
  });

  it('remembers only the last `dedupWindow` message ids', async () => {
    const seen = collector();
    await bus.consume({ stream, durable: 'window', subjects: [placed] }, seen.handler);
    for (const id of ['a', 'b', 'c', 'a', 'c']) await bus.publish(stream, placed, id, {});
    expect(seen.ids()).toEqual(['a', 'b', 'c', 'a']); // `a` had left the window of 2, `c` had not
  });

  it('refuses a second consumer on a durable that is being consumed', async () => {
    await bus.consume({ stream, durable: 'single', subjects: [placed] }, async () => undefined);
    await expect(bus.consume({ stream, durable: 'single', subjects: [placed] }, async () => undefined)).rejects.toThrow(
      /already being consumed/,
    );
  });

  it('rounds robin between the members of a queue group', async () => {
    const answers: string[] = [];
    for (const member of ['a', 'b', 'c']) await bus.serve('shop.qry.order.get.v1', async () => member, { queue: 'shop' });
    for (let i = 0; i < 6; i++) answers.push((await bus.request('shop.qry.order.get.v1', {})) as string);
    expect(answers).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('rejects calls once closed', async () => {
    await bus.close();
    await expect(bus.request('shop.qry.order.get.v1', {})).rejects.toMatchObject({ code: 'BUS_CLOSED' });
    await expect(bus.publish(stream, placed, 'x', {})).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });
});
