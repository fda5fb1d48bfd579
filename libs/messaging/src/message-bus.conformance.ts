/**
 * The behaviour every MessageBus adapter must have: services are tested in-process and run on
 * NATS, so what they can observe must not differ. Each adapter's test file calls
 * messageBusConformance(); every test uses its own stream. Not exported: it uses jest's globals.
 */
import { DomainError } from '@platform/kernel';
import { currentCorrelationId } from './correlation';
import type { MessageBus } from './message-bus.port';
import {
  collector,
  eventSubject,
  eventually,
  newStreamName,
  type RecordingLogger,
  recordingLogger,
  sleep,
} from './message-bus.test-helpers';

export interface BusFixture {
  /** a connected bus logging to `logger` */
  open(logger: RecordingLogger): Promise<MessageBus>;
  /** removes the streams the tests used (NATS); called once at the end */
  deleteStreams?(streams: string[]): Promise<void>;
}

export function messageBusConformance(name: string, fixture: BusFixture): void {
  describe(`${name}: MessageBus conformance`, () => {
    let bus: MessageBus;
    let logger: RecordingLogger;
    const streams: string[] = [];
    const newStream = (): string => {
      const stream = newStreamName();
      streams.push(stream);
      return stream;
    };
    const rejection = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        (value) => {
          throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
        },
        (error: unknown) => error,
      );

    beforeEach(async () => {
      logger = recordingLogger();
      bus = await fixture.open(logger);
    });
    afterEach(async () => {
      await bus.close();
    });
    afterAll(async () => {
      await fixture.deleteStreams?.(streams);
    });

    describe('request/reply', () => {
      it('answers with a copy of what the handler returns, with the correlation id', async () => {
        const shared = { items: [1, 2] };
        await bus.serve('conf.qry.echo.v1', async (payload, headers) => {
          (payload as { mutated?: boolean }).mutated = true;
          return { payload, headers, shared };
        });
        const sent = { n: 1 };
        const reply = (await bus.request('conf.qry.echo.v1', sent, { headers: { correlationId: 'c-1' } })) as {
          payload: unknown;
          headers: unknown;
          shared: { items: number[] };
        };
        expect(reply.payload).toEqual({ n: 1, mutated: true });
        expect(reply.headers).toEqual({ correlationId: 'c-1' });
        expect(sent).toEqual({ n: 1 }); // the handler had its own copy
        reply.shared.items.push(3);
        expect(shared.items).toEqual([1, 2]); // and so has the caller
      });

      it('runs the handler with the request\'s correlation id as the current one (what its log lines carry)', async () => {
        const seen: (string | undefined)[] = [];
        await bus.serve('conf.qry.correlation.v1', async () => {
          await Promise.resolve();
          seen.push(currentCorrelationId());
          return {};
        });
        await bus.request('conf.qry.correlation.v1', {}, { headers: { correlationId: 'c-7' } });
        await bus.request('conf.qry.correlation.v1', {});
        expect(seen).toEqual(['c-7', undefined]);
      });

      it('throws a DomainError from the handler at the caller, with code, kind, message and details', async () => {
        await bus.serve('conf.cmd.fail.v1', async () => {
          throw new DomainError('SUBSCRIPTION_SUSPENDED', 'conflict', 'The subscription is suspended.', { orgId: 'o-1' });
        });
        const error = await rejection(bus.request('conf.cmd.fail.v1', {}));
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).toJSON()).toEqual({
          code: 'SUBSCRIPTION_SUSPENDED',
          kind: 'conflict',
          message: 'The subscription is suspended.',
          details: { orgId: 'o-1' },
        });
        expect(logger.errors).toEqual([]); // a domain error is not a bug
      });

      it('turns any other error into INTERNAL without leaking its message, and logs it where it happened', async () => {
        await bus.serve('conf.cmd.crash.v1', async () => {
          throw new Error('password=hunter2 in the connection string');
        });
        const error = await rejection(bus.request('conf.cmd.crash.v1', {}));
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).toJSON()).toEqual({ code: 'INTERNAL', kind: 'internal', message: 'internal error' });
        expect(JSON.stringify(error)).not.toContain('hunter2');
        expect(logger.errors).toHaveLength(1);
        expect(String(logger.errors[0][1])).toContain('hunter2');
      });

      it('fails with NO_RESPONDER (unavailable) at once when nothing serves the subject', async () => {
        const started = Date.now();
        const error = await rejection(bus.request('conf.qry.nobody.v1', {}, { timeoutMs: 3000 }));
        expect(error).toMatchObject({ code: 'NO_RESPONDER', kind: 'unavailable' });
        expect(Date.now() - started).toBeLessThan(1000);
      });

      it('fails with TIMEOUT (unavailable) when the handler is too slow', async () => {
        await bus.serve('conf.qry.slow.v1', () => sleep(300).then(() => 'late'));
        const error = await rejection(bus.request('conf.qry.slow.v1', {}, { timeoutMs: 50 }));
        expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'unavailable' });
      });

      it('shares requests between the members of a queue group: each is answered once', async () => {
        const served = { a: 0, b: 0 };
        await bus.serve('conf.qry.shared.v1', async () => (served.a++, 'a'), { queue: 'svc' });
        await bus.serve('conf.qry.shared.v1', async () => (served.b++, 'b'), { queue: 'svc' });
        const replies = await Promise.all(Array.from({ length: 40 }, () => bus.request('conf.qry.shared.v1', {})));
        expect(served.a + served.b).toBe(40);
        expect(served.a).toBeGreaterThan(0);
        expect(served.b).toBeGreaterThan(0);
        expect(replies.filter((r) => r === 'a')).toHaveLength(served.a);
      });

      it('stops serving once closed', async () => {
        const server = await bus.serve('conf.qry.closing.v1', async () => 'here');
        await expect(bus.request('conf.qry.closing.v1', {})).resolves.toBe('here');
        await server.close();
        await expect(bus.request('conf.qry.closing.v1', {}, { timeoutMs: 500 })).rejects.toMatchObject({
          code: 'NO_RESPONDER',
        });
      });
    });

    describe('publish/consume', () => {
      it('delivers every message in order to each durable, also to one registered after the publish', async () => {
        const stream = newStream();
        const subject = eventSubject(stream, 'thing.happened.v1');
        for (let n = 1; n <= 5; n++) await bus.publish(stream, subject, `m${n}`, { n });
        const first = collector();
        const second = collector();
        await bus.consume({ stream, durable: 'first', subjects: [subject] }, first.handler);
        await bus.consume({ stream, durable: 'second', subjects: [subject] }, second.handler);
        await eventually(() => expect(first.events).toHaveLength(5));
        await eventually(() => expect(second.events).toHaveLength(5));
        expect(first.events).toEqual(
          [1, 2, 3, 4, 5].map((n) => ({ subject, id: `m${n}`, payload: { n }, deliveryCount: 1 })),
        );
        expect(second.ids()).toEqual(first.ids());
      });

      it('delivers the correlation id published with a message, and handles it with that id as the current one', async () => {
        const stream = newStream();
        const subject = eventSubject(stream, 'thing.happened.v1');
        const current: (string | undefined)[] = [];
        const seen = collector();
        await bus.consume({ stream, durable: 'correlated', subjects: [subject] }, async (e) => {
          current.push(currentCorrelationId());
          await seen.handler(e);
        });
        await bus.publish(stream, subject, 'with', {}, { correlationId: 'c-8' });
        await bus.publish(stream, subject, 'without', {});
        await eventually(() => expect(seen.ids()).toEqual(['with', 'without']));
        expect(seen.events.map((e) => e.headers)).toEqual([{ correlationId: 'c-8' }, undefined]);
        expect(current).toEqual(['c-8', undefined]);
      });

      it('stores a message id once: a duplicate is not delivered again', async () => {
        const stream = newStream();
        const subject = eventSubject(stream, 'thing.happened.v1');
        const seen = collector();
        await bus.consume({ stream, durable: 'dedup', subjects: [subject] }, seen.handler);
        await bus.publish(stream, subject, 'same', { version: 1 });
        await bus.publish(stream, subject, 'same', { version: 2 });
        await bus.publish(stream, subject, 'last', {});
        await eventually(() => expect(seen.ids()).toContain('last'));
        expect(seen.events.map((e) => [e.id, e.payload])).toEqual([
          ['same', { version: 1 }],
          ['last', {}],
        ]);
      });

      it('redelivers a message whose handler threw (deliveryCount 2), before the next one, losing nothing', async () => {
        const stream = newStream();
        const subject = eventSubject(stream, 'thing.happened.v1');
        const calls: Array<[string, number]> = [];
        await bus.consume({ stream, durable: 'flaky', subjects: [subject] }, async (e) => {
          calls.push([e.id, e.deliveryCount]);
          if (e.id === 'm1' && e.deliveryCount === 1) throw new Error('database hiccup');
        });
        await bus.publish(stream, subject, 'm1', {});
        await bus.publish(stream, subject, 'm2', {});
        await eventually(() => expect(calls.map(([id]) => id)).toContain('m2'));
        expect(calls).toEqual([
          ['m1', 1],
          ['m1', 2],
          ['m2', 1],
        ]);
        expect(logger.warnings.length).toBeGreaterThan(0);
      });

      it('resumes a durable that was closed after its last acked message: no duplicates, nothing lost', async () => {
        const stream = newStream();
        const subject = eventSubject(stream, 'thing.happened.v1');
        const before = collector();
        const consumer = await bus.consume({ stream, durable: 'resumable', subjects: [subject] }, before.handler);
        for (const id of ['a', 'b', 'c']) await bus.publish(stream, subject, id, {});
        await eventually(() => expect(before.ids()).toEqual(['a', 'b', 'c']));
        await consumer.close();

        for (const id of ['d', 'e']) await bus.publish(stream, subject, id, {});
        const after = collector();
        await bus.consume({ stream, durable: 'resumable', subjects: [subject] }, after.handler);
        await eventually(() => expect(after.ids()).toContain('e'));
        expect(after.ids()).toEqual(['d', 'e']);
        expect(before.ids()).toEqual(['a', 'b', 'c']);
      });

      it('delivers only the subjects a durable asked for (NATS wildcards, several subjects)', async () => {
        const stream = newStream();
        const s = (name: string): string => eventSubject(stream, name);
        const wildcard = collector();
        const listed = collector();
        const everything = collector();
        await bus.consume({ stream, durable: 'wildcard', subjects: [s('a.*')] }, wildcard.handler);
        await bus.consume({ stream, durable: 'listed', subjects: [s('a.v1'), s('c.v1')] }, listed.handler);
        await bus.consume({ stream, durable: 'everything', subjects: [s('>')] }, everything.handler);
        await bus.publish(stream, s('b.v1'), 'm1', {});
        await bus.publish(stream, s('a.x.v1'), 'm2', {});
        await bus.publish(stream, s('a.v1'), 'm3', {});
        await bus.publish(stream, s('c.v1'), 'm4', {});
        await bus.publish(stream, s('a.v2'), 'm5', {});
        await eventually(() => expect(everything.ids()).toHaveLength(5));
        await eventually(() => expect(wildcard.ids()).toContain('m5'));
        await eventually(() => expect(listed.ids()).toContain('m4'));
        expect(wildcard.ids()).toEqual(['m3', 'm5']);
        expect(listed.ids()).toEqual(['m3', 'm4']);
        expect(everything.ids()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      });

      it('refuses a subject outside the stream (it would never be stored)', async () => {
        const stream = newStream();
        await expect(bus.publish(stream, 'elsewhere.evt.thing.v1', 'x', {})).rejects.toThrow(/not in stream/);
      });
    });

    describe('claims', () => {
      const newBucket = (): string => {
        const bucket = `claims-${newStreamName()}`;
        streams.push(`KV_${bucket}`); // NATS keeps a bucket as a stream of that name
        return bucket;
      };

      it('grants the first claim of a key only, also among concurrent claims; keys and buckets are independent', async () => {
        const bucket = newBucket();
        const results = await Promise.all(Array.from({ length: 20 }, () => bus.claimOnce(bucket, 'nonce-1', 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await bus.claimOnce(bucket, 'nonce-1', 60_000)).toBe(false);
        expect(await bus.claimOnce(bucket, 'nonce-2', 60_000)).toBe(true);
        expect(await bus.claimOnce(newBucket(), 'nonce-1', 60_000)).toBe(true);
      });

      it('grants a key again once its claim has expired', async () => {
        const bucket = newBucket();
        expect(await bus.claimOnce(bucket, 'short', 1000)).toBe(true);
        expect(await bus.claimOnce(bucket, 'short', 1000)).toBe(false);
        await eventually(async () => expect(await bus.claimOnce(bucket, 'short', 1000)).toBe(true), 10_000);
      });

      it('refuses a key a NATS key-value bucket could not hold', async () => {
        await expect(bus.claimOnce(newBucket(), 'has space', 1000)).rejects.toThrow(/bad claim key/);
        await expect(bus.claimOnce('bad bucket', 'k', 1000)).rejects.toThrow(/bad claim bucket/);
      });
    });

    it('reports whether it is connected', async () => {
      expect(bus.isConnected()).toBe(true);
      await bus.close();
      expect(bus.isConnected()).toBe(false);
    });
  });
}
