import { deleteStreams, natsAvailable, natsUrl } from '@platform/testing';
import { messageBusConformance } from './message-bus.conformance';
import { collector, eventSubject, eventually, newStreamName, recordingLogger } from './message-bus.test-helpers';
import { NatsBus } from './nats.bus';

// The suite needs a NATS server with JetStream (see natsUrl()); without one it fails loudly
// rather than passing by skipping.
beforeAll(async () => {
  if (!(await natsAvailable())) throw new Error(`no NATS with JetStream at ${natsUrl()}`);
});

messageBusConformance('NatsBus', {
  open: (logger) =>
    NatsBus.connect({ servers: natsUrl(), name: 'messaging-conformance', logger, retryBackoffMs: () => 50 }),
  deleteStreams,
});

describe('NatsBus, beyond the conformance suite', () => {
  const streams: string[] = [];
  afterAll(() => deleteStreams(streams));

  it('gives up on a message after maxDeliver failures (terminated, logged) and goes on with the next', async () => {
    const stream = newStreamName();
    streams.push(stream);
    const subject = eventSubject(stream, 'thing.happened.v1');
    const logger = recordingLogger();
    const bus = await NatsBus.connect({
      servers: natsUrl(),
      name: 'messaging-poison',
      logger,
      maxDeliver: 3,
      retryBackoffMs: () => 20,
    });
    try {
      const calls: Array<[string, number]> = [];
      await bus.consume({ stream, durable: 'doomed', subjects: [subject] }, async (e) => {
        calls.push([e.id, e.deliveryCount]);
        if (e.id === 'poison') throw new Error('cannot handle this');
      });
      await bus.publish(stream, subject, 'poison', {});
      await bus.publish(stream, subject, 'fine', {});
      await eventually(() => expect(calls.map(([id]) => id)).toContain('fine'));
      expect(calls).toEqual([
        ['poison', 1],
        ['poison', 2],
        ['poison', 3],
        ['fine', 1],
      ]);
      expect(logger.errors.map(([message]) => message)).toEqual([expect.stringMatching(/giving up on .* poison after 3/)]);
    } finally {
      await bus.close();
    }
  });

  it('keeps consuming when its stream is deleted and created again', async () => {
    const stream = newStreamName();
    streams.push(stream);
    const subject = eventSubject(stream, 'thing.happened.v1');
    const logger = recordingLogger();
    const bus = await NatsBus.connect({ servers: natsUrl(), name: 'messaging-recreate', logger });
    try {
      const seen = collector();
      await bus.consume({ stream, durable: 'survivor', subjects: [subject] }, seen.handler);
      await bus.publish(stream, subject, 'before', {});
      await eventually(() => expect(seen.ids()).toEqual(['before']));

      await deleteStreams([stream]);
      await bus.publish(stream, subject, 'after', {}); // creates the stream again
      await eventually(() => expect(seen.ids()).toEqual(['before', 'after']));
    } finally {
      await bus.close();
    }
  });
});
