import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MESSAGE_BUS, type MessageBus } from './message-bus.port';
import { MESSAGING_OPTIONS, MESSAGING_SERVICE, MessagingExplorer, type MessagingExplorerOptions } from './messaging.explorer';
import { assertDurableName } from './subjects';

export interface MessagingModuleOptions extends MessagingExplorerOptions {
  /** created (and closed) by the application: the module only uses it */
  bus: MessageBus;
}

export interface MessagingModuleAsyncOptions extends MessagingExplorerOptions, Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => MessageBus | Promise<MessageBus>;
}

/** Marks the module that imports it as belonging to a service; see `MessagingModule.forFeature`. */
@Module({})
export class MessagingFeatureModule {}

/**
 * Nest integration. `forRoot` (once, in the application's root module) provides MESSAGE_BUS to
 * every module and registers all @OnRequest / @OnEvent handlers at bootstrap. `forFeature(service)`
 * in a service's module says which service owns the handlers of that module: its requests are
 * served in the service's queue group and its events consumed by the service's durable. This is
 * what lets several services share one application (single-process mode) and still keep their own
 * durables.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.root([{ provide: MESSAGE_BUS, useValue: options.bus }], options);
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    const bus = { provide: MESSAGE_BUS, useFactory: options.useFactory, inject: options.inject ?? [] };
    return { ...MessagingModule.root([bus], options), imports: [DiscoveryModule, ...(options.imports ?? [])] };
  }

  static forFeature(service: string): DynamicModule {
    assertDurableName(service); // it becomes the durable name
    return { module: MessagingFeatureModule, providers: [{ provide: MESSAGING_SERVICE, useValue: service }] };
  }

  private static root(providers: DynamicModule['providers'] & object, options: MessagingExplorerOptions): DynamicModule {
    if (options.service !== undefined) assertDurableName(options.service);
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [...providers, { provide: MESSAGING_OPTIONS, useValue: { service: options.service } }, MessagingExplorer],
      exports: [MESSAGE_BUS, MessagingExplorer],
    };
  }
}
