import { defineRequest } from '@platform/contracts';
import { z } from 'zod';
import { currentCorrelationId, withCorrelationId } from './correlation';
import { InProcessBus } from './in-process.bus';
import { recordingLogger } from './message-bus.test-helpers';
import { sendRequest, serveRequest } from './typed';

const Outer = defineRequest('corr.qry.outer.v1', z.object({}), z.object({ outer: z.string().optional(), inner: z.string().optional() }));
const Inner = defineRequest('corr.qry.inner.v1', z.object({}), z.object({ seen: z.string().optional() }));

describe('correlation id', () => {
  let bus: InProcessBus;
  beforeEach(() => (bus = new InProcessBus({ logger: recordingLogger() })));
  afterEach(() => bus.close());

  it('is the current one inside withCorrelationId only', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    await withCorrelationId('c-1', async () => {
      await Promise.resolve();
      expect(currentCorrelationId()).toBe('c-1');
    });
    expect(currentCorrelationId()).toBeUndefined();
    expect(withCorrelationId(undefined, () => currentCorrelationId())).toBeUndefined();
  });

  it('goes along with the requests a handler sends, without being passed', async () => {
    await serveRequest(bus, Inner, async () => ({ seen: currentCorrelationId() }));
    await serveRequest(bus, Outer, async () => ({ outer: currentCorrelationId(), inner: (await sendRequest(bus, Inner, {})).seen }));
    expect(await sendRequest(bus, Outer, {}, { headers: { correlationId: 'c-2' } })).toEqual({ outer: 'c-2', inner: 'c-2' });
    // sent from inside a context, without a header: the context's id is sent
    expect(await withCorrelationId('c-3', () => sendRequest(bus, Outer, {}))).toEqual({ outer: 'c-3', inner: 'c-3' });
    // an explicit header wins over the context's
    expect(await withCorrelationId('c-3', () => sendRequest(bus, Inner, {}, { headers: { correlationId: 'c-4' } }))).toEqual({ seen: 'c-4' });
  });
});
