import { defineEvent, defineRequest } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { z } from 'zod';
import { InProcessBus } from './in-process.bus';
import type { ConsumeOptions } from './message-bus.port';
import { recordingLogger, type RecordingLogger } from './message-bus.test-helpers';
import { consumeEvents, publishEvent, sendRequest, serveRequest } from './typed';

const GetOrder = defineRequest(
  'shop.qry.order.get.v1',
  z.object({ orderId: z.string().min(1) }),
  z.object({ orderId: z.string(), total: z.number() }),
);
const OrderPlaced = defineEvent('shop.evt.order.placed.v1', z.object({ orderId: z.string(), total: z.number() }));
const OrderShipped = defineEvent('shop.evt.order.shipped.v1', z.object({ orderId: z.string() }));
const StockLow = defineEvent('stock.evt.item.low.v1', z.object({ sku: z.string() }));

describe('typed helpers', () => {
  let bus: InProcessBus;
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = recordingLogger();
    bus = new InProcessBus({ logger });
  });
  afterEach(() => bus.close());

  describe('sendRequest / serveRequest', () => {
    it('round-trips a valid request and response, dropping fields the contract does not know', async () => {
      const received: unknown[] = [];
      await serveRequest(bus, GetOrder, async (input, headers) => {
        received.push(input, headers);
        return { orderId: input.orderId, total: 42 };
      });
      const sneaky = { orderId: 'o-1', internalNote: 'do not send' } as { orderId: string };
      const reply = await sendRequest(bus, GetOrder, sneaky, { headers: { correlationId: 'c-9' } });
      expect(reply).toEqual({ orderId: 'o-1', total: 42 });
      expect(received).toEqual([{ orderId: 'o-1' }, { correlationId: 'c-9' }]);
    });

    it('throws (a bug in the caller) when the request does not match its contract, without sending it', async () => {
      const handler = jest.fn();
      await serveRequest(bus, GetOrder, handler);
      await expect(sendRequest(bus, GetOrder, { orderId: '' })).rejects.toThrow(/invalid shop.qry.order.get.v1 request: orderId/);
      await expect(sendRequest(bus, GetOrder, { orderId: '' })).rejects.not.toBeInstanceOf(DomainError);
      expect(handler).not.toHaveBeenCalled();
    });

    it('answers INVALID_MESSAGE (invalid) naming the issues when a request arrives invalid', async () => {
      const handler = jest.fn();
      await serveRequest(bus, GetOrder, handler);
      const error = await bus.request(GetOrder.subject, { orderId: 7 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INVALID_MESSAGE', kind: 'invalid' });
      expect((error as DomainError).message).toMatch(/orderId: /);
      expect((error as DomainError).details).toEqual({ issues: [{ path: 'orderId', message: expect.any(String) }] });
      expect(handler).not.toHaveBeenCalled();
    });

    it('sends INTERNAL and logs it when its own handler returns an invalid response', async () => {
      await serveRequest(bus, GetOrder, async () => ({ orderId: 'o-1', total: 'a lot' }) as never);
      await expect(sendRequest(bus, GetOrder, { orderId: 'o-1' })).rejects.toMatchObject({ code: 'INTERNAL', kind: 'internal' });
      expect(String(logger.errors[0][1])).toMatch(/invalid response: total/);
    });

    it('throws INVALID_RESPONSE (internal) at the caller when the response does not match the contract', async () => {
      await bus.serve(GetOrder.subject, async () => ({ orderId: 'o-1' }));
      await expect(sendRequest(bus, GetOrder, { orderId: 'o-1' })).rejects.toMatchObject({
        code: 'INVALID_RESPONSE',
        kind: 'internal',
      });
    });
  });

  describe('publishEvent / consumeEvents', () => {
    it('throws (a bug in the producer) on invalid data, and publishes nothing', async () => {
      const publish = jest.spyOn(bus, 'publish');
      await expect(publishEvent(bus, OrderPlaced, 'e-1', { orderId: 'o-1' } as never)).rejects.toThrow(/total/);
      expect(publish).not.toHaveBeenCalled();
    });

    it('consumes contracts of several streams with one durable per stream, all named after the consumer', async () => {
      const consume = jest.spyOn(bus, 'consume');
      const seen: Array<[string, unknown, string]> = [];
      await consumeEvents(
        bus,
        { durable: 'billing', contracts: [OrderPlaced, OrderShipped, StockLow], logger },
        async (contract, data, delivered) => void seen.push([contract.subject, data, delivered.id]),
      );
      expect(consume.mock.calls.map(([options]) => options)).toEqual<ConsumeOptions[]>([
        { stream: 'SHOP', durable: 'billing', subjects: [OrderPlaced.subject, OrderShipped.subject] },
        { stream: 'STOCK', durable: 'billing', subjects: [StockLow.subject] },
      ]);
      await publishEvent(bus, OrderPlaced, 'e-1', { orderId: 'o-1', total: 3 });
      await publishEvent(bus, StockLow, 'e-2', { sku: 'pen' });
      await publishEvent(bus, OrderShipped, 'e-3', { orderId: 'o-1' });
      expect(seen).toEqual([
        [OrderPlaced.subject, { orderId: 'o-1', total: 3 }, 'e-1'],
        [StockLow.subject, { sku: 'pen' }, 'e-2'],
        [OrderShipped.subject, { orderId: 'o-1' }, 'e-3'],
      ]);
    });

    it('logs and skips an invalid event instead of redelivering it forever', async () => {
      const handler = jest.fn(async () => undefined);
      await consumeEvents(bus, { durable: 'billing', contracts: [OrderPlaced], logger }, handler);
      await bus.publish('SHOP', OrderPlaced.subject, 'bad', { orderId: 'o-1' });
      await publishEvent(bus, OrderPlaced, 'good', { orderId: 'o-2', total: 1 });
      expect(handler).toHaveBeenCalledTimes(1);
      expect(handler).toHaveBeenCalledWith(OrderPlaced, { orderId: 'o-2', total: 1 }, expect.objectContaining({ id: 'good' }));
      expect(logger.errors).toHaveLength(1);
      expect(String(logger.errors[0][0])).toMatch(/skipping invalid shop.evt.order.placed.v1 event bad: total/);
    });
  });
});
