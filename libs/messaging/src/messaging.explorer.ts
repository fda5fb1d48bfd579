import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { EventContract, RequestContract } from '@platform/contracts';
import { ON_EVENT, ON_REQUEST } from './messaging.decorators';
import { MESSAGE_BUS, type Closeable, type MessageBus } from './message-bus.port';
import { consumeEvents, serveRequest } from './typed';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** Provided by `MessagingModule.forFeature(service)`: the service that owns the importing module. */
export const MESSAGING_SERVICE = Symbol('MESSAGING_SERVICE');

export interface MessagingExplorerOptions {
  /** the owner of handlers whose module imports no `MessagingModule.forFeature` */
  service?: string;
}

interface FoundHandler {
  service: string;
  /** `Class.method`, for error messages */
  where: string;
  call: (...args: unknown[]) => Promise<unknown>;
}

/**
 * Finds every @OnRequest / @OnEvent method in the application at bootstrap and registers it on the
 * bus: requests with the owning service as queue group, events with one durable per service (and
 * stream). Nest awaits this before `app.init()` resolves, so before the HTTP server listens; being
 * in a global module, it also runs before the bootstrap hooks of the service modules (their relays).
 */
@Injectable()
export class MessagingExplorer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Messaging');
  private readonly registrations: Closeable[] = [];
  private readonly registered: Promise<void>;
  private settle!: (error?: unknown) => void;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingExplorerOptions,
  ) {
    this.registered = new Promise((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    this.registered.catch(() => undefined); // the error is thrown from onApplicationBootstrap too
  }

  /** Resolves once every handler is registered on the bus. */
  whenRegistered(): Promise<void> {
    return this.registered;
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.registerAll();
      this.settle();
    } catch (error) {
      await this.closeAll();
      this.settle(error);
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeAll();
  }

  private async registerAll(): Promise<void> {
    const requests = new Map<string, { contract: RequestContract; handler: FoundHandler }>();
    const events = new Map<string, Map<string, { contract: EventContract; handler: FoundHandler }>>();
    for (const found of this.scan()) {
      const handler = found.handler;
      if (found.kind === 'request') {
        const contract = found.contract;
        const other = requests.get(contract.subject);
        if (other) throw new Error(`${contract.subject} is served by both ${other.handler.where} and ${handler.where}`);
        requests.set(contract.subject, { contract, handler });
      } else {
        const contract = found.contract;
        const ofService = events.get(handler.service) ?? new Map();
        const other = ofService.get(contract.subject);
        if (other) {
          throw new Error(`${contract.subject} is consumed twice by ${handler.service}: ${other.handler.where} and ${handler.where}`);
        }
        events.set(handler.service, ofService.set(contract.subject, { contract, handler }));
      }
    }
    for (const { contract, handler } of requests.values()) {
      this.registrations.push(
        await serveRequest(this.bus, contract, (payload, headers) => handler.call(payload, headers), {
          queue: handler.service,
        }),
      );
    }
    for (const [service, bySubject] of events) {
      const contracts = [...bySubject.values()].map((e) => e.contract);
      this.registrations.push(
        await consumeEvents(this.bus, { durable: service, contracts, logger: this.logger }, async (contract, data, delivered) => {
          await bySubject.get(contract.subject)?.handler.call(data, delivered);
        }),
      );
    }
  }

  private *scan(): Generator<
    | { kind: 'request'; contract: RequestContract; handler: FoundHandler }
    | { kind: 'event'; contract: EventContract; handler: FoundHandler }
  > {
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const request = this.reflector.get<RequestContract | undefined>(ON_REQUEST, fn);
        const event = this.reflector.get<EventContract | undefined>(ON_EVENT, fn);
        if (!request && !event) continue;
        const where = `${instance.constructor.name}.${method}`;
        if (!wrapper.isDependencyTreeStatic()) throw new Error(`${where}: message handlers cannot be request-scoped`);
        const handler: FoundHandler = {
          service: this.serviceOf(wrapper, where),
          where,
          call: async (...args) => fn.apply(instance, args),
        };
        if (request) yield { kind: 'request', contract: request, handler };
        if (event) yield { kind: 'event', contract: event, handler };
      }
    }
  }

  /** The service named by a `forFeature` its module imports, else the root's default. */
  private serviceOf(wrapper: InstanceWrapper, where: string): string {
    for (const imported of wrapper.host?.imports ?? []) {
      const marker = imported.providers.get(MESSAGING_SERVICE);
      if (marker) return marker.instance as string;
    }
    if (this.options.service) return this.options.service;
    throw new Error(
      `${where} handles messages but no service owns it: import MessagingModule.forFeature('<service>') in ${wrapper.host?.name ?? 'its module'}`,
    );
  }

  private async closeAll(): Promise<void> {
    await Promise.all(this.registrations.splice(0).map((r) => r.close()));
  }
}
