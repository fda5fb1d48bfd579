import { Controller, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { defineEvent, defineRequest } from '@platform/contracts';
import { z } from 'zod';
import { InProcessBus } from './in-process.bus';
import type { ConsumeOptions, DeliveredEvent, MessageHeaders } from './message-bus.port';
import { OnEvent, OnRequest } from './messaging.decorators';
import { MessagingExplorer } from './messaging.explorer';
import { MessagingModule } from './messaging.module';
import { publishEvent, sendRequest } from './typed';

// Two "services" in one Nest application, as in the single-process mode.
const GetOrder = defineRequest(
  'shop.qry.order.get.v1',
  z.object({ orderId: z.string() }),
  z.object({ orderId: z.string(), status: z.string() }),
);
const OrderPlaced = defineEvent('shop.evt.order.placed.v1', z.object({ orderId: z.string() }));
const StockLow = defineEvent('stock.evt.item.low.v1', z.object({ sku: z.string() }));

@Injectable()
class ShopHandlers {
  readonly received: unknown[] = [];

  @OnRequest(GetOrder)
  get(input: { orderId: string }, headers: MessageHeaders) {
    return { orderId: input.orderId, status: `placed (${headers.correlationId})` };
  }

  @OnEvent(StockLow)
  async stockLow(data: { sku: string }, delivered: DeliveredEvent) {
    this.received.push(['shop', data, delivered.id]);
  }
}

@Module({ imports: [MessagingModule.forFeature('shop')], providers: [ShopHandlers] })
class ShopModule {}

@Injectable()
class MailerHandlers {
  readonly received: unknown[] = [];

  @OnEvent(OrderPlaced)
  async placed(data: { orderId: string }) {
    this.received.push(['mailer', data]);
  }
}

/** handlers on controllers are found too */
@Controller()
class MailerStockController {
  readonly received: unknown[] = [];

  @OnEvent(StockLow)
  async stockLow(data: { sku: string }) {
    this.received.push(['mailer', data]);
  }
}

@Module({
  imports: [MessagingModule.forFeature('mailer')],
  providers: [MailerHandlers],
  controllers: [MailerStockController],
})
class MailerModule {}

describe('MessagingModule', () => {
  let bus: InProcessBus;
  let app: TestingModule | undefined;

  beforeEach(() => {
    bus = new InProcessBus();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await bus.close();
  });

  const boot = async (...imports: Parameters<typeof Test.createTestingModule>[0]['imports'] & object): Promise<TestingModule> => {
    const moduleRef = await Test.createTestingModule({ imports }).compile();
    try {
      await moduleRef.init();
    } catch (error) {
      await moduleRef.close().catch(() => undefined); // it rethrows the init error
      throw error;
    }
    app = moduleRef;
    return app;
  };

  it('registers each service its handlers, with its own queue group and durables', async () => {
    const consume = jest.spyOn(bus, 'consume');
    const serve = jest.spyOn(bus, 'serve');
    await boot(MessagingModule.forRoot({ bus }), ShopModule, MailerModule);
    await expect(app!.get(MessagingExplorer).whenRegistered()).resolves.toBeUndefined();

    expect(serve.mock.calls.map(([subject, , options]) => [subject, options])).toEqual([
      [GetOrder.subject, { queue: 'shop' }],
    ]);
    const durables = consume.mock.calls.map(([options]) => options);
    expect(durables).toHaveLength(3);
    expect(durables).toEqual(
      expect.arrayContaining<ConsumeOptions>([
        { stream: 'STOCK', durable: 'shop', subjects: [StockLow.subject] },
        { stream: 'SHOP', durable: 'mailer', subjects: [OrderPlaced.subject] },
        { stream: 'STOCK', durable: 'mailer', subjects: [StockLow.subject] },
      ]),
    );
  });

  it('delivers requests and events to the decorated methods', async () => {
    await boot(MessagingModule.forRoot({ bus }), ShopModule, MailerModule);
    await expect(sendRequest(bus, GetOrder, { orderId: 'o-1' }, { headers: { correlationId: 'c-1' } })).resolves.toEqual({
      orderId: 'o-1',
      status: 'placed (c-1)',
    });
    await expect(bus.request(GetOrder.subject, { orderId: 1 })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });

    await publishEvent(bus, StockLow, 'e-1', { sku: 'pen' });
    await publishEvent(bus, OrderPlaced, 'e-2', { orderId: 'o-1' });
    // the in-process publish resolves once every durable has handled the event: no waiting needed
    expect(app!.get(ShopHandlers).received).toEqual([['shop', { sku: 'pen' }, 'e-1']]);
    expect(app!.get(MailerStockController).received).toEqual([['mailer', { sku: 'pen' }]]);
    expect(app!.get(MailerHandlers).received).toEqual([['mailer', { orderId: 'o-1' }]]);
  });

  it('unregisters everything when the application closes', async () => {
    await boot(MessagingModule.forRoot({ bus }), ShopModule, MailerModule);
    await app!.close();
    app = undefined;
    await expect(bus.request(GetOrder.subject, { orderId: 'o-1' })).rejects.toMatchObject({ code: 'NO_RESPONDER' });
  });

  it("registers before the service modules' own bootstrap hooks run (where relays start)", async () => {
    const consume = jest.spyOn(bus, 'consume');
    let consumersAtBootstrap = -1;
    @Injectable()
    class RelayLike {
      onApplicationBootstrap() {
        consumersAtBootstrap = consume.mock.calls.length;
      }
    }
    @Module({ imports: [MessagingModule.forFeature('shop')], providers: [ShopHandlers, RelayLike] })
    class ShopWithRelay {}
    await boot(MessagingModule.forRoot({ bus }), ShopWithRelay, MailerModule);
    expect(consumersAtBootstrap).toBe(3);
  });

  it('gives handlers in modules without forFeature to the root service', async () => {
    @Module({ providers: [MailerHandlers] })
    class PlainModule {}
    const consume = jest.spyOn(bus, 'consume');
    await boot(MessagingModule.forRoot({ bus, service: 'platform' }), PlainModule);
    expect(consume).toHaveBeenCalledWith({ stream: 'SHOP', durable: 'platform', subjects: [OrderPlaced.subject] }, expect.any(Function));
  });

  it('refuses to start when a handler belongs to no service', async () => {
    @Module({ providers: [MailerHandlers] })
    class OrphanModule {}
    await expect(boot(MessagingModule.forRoot({ bus }), OrphanModule)).rejects.toThrow(
      /MailerHandlers.placed handles messages but no service owns it: import MessagingModule.forFeature/,
    );
  });

  it('refuses to start when two handlers serve the same request', async () => {
    @Injectable()
    class OtherShop {
      @OnRequest(GetOrder)
      get(input: { orderId: string }) {
        return { orderId: input.orderId, status: 'other' };
      }
    }
    @Module({ imports: [MessagingModule.forFeature('other')], providers: [OtherShop] })
    class OtherModule {}
    await expect(boot(MessagingModule.forRoot({ bus }), ShopModule, OtherModule)).rejects.toThrow(
      /shop.qry.order.get.v1 is served by both ShopHandlers.get and OtherShop.get/,
    );
  });
});
