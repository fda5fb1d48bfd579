import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventStore } from '@platform/event-store';
import { type PlatformConfig, openEventStore } from '@platform/runtime';
import { SERVICES, type ServiceName } from '../services';

/** The services that keep an event store (the gateway keeps none). */
export const STORED_SERVICES = SERVICES.filter((s) => s !== 'gateway');

/** The services a command names (`--service a,b`), or every one that keeps events; an unknown name is an error. */
export function chosenStores(option: string | undefined): ServiceName[] {
  if (!option) return [...STORED_SERVICES];
  const names = option.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(STORED_SERVICES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new OpsError(`unknown service(s): ${unknown.join(', ')}; services with events: ${STORED_SERVICES.join(', ')}`);
  return names as ServiceName[];
}

/**
 * Runs `work` on each service's store in turn, closing each afterwards. An embedded store that does
 * not exist under DATA_DIR is skipped (reported), not created: ops commands never write a store.
 */
export async function eachStore(
  config: PlatformConfig,
  services: readonly ServiceName[],
  work: (service: ServiceName, store: EventStore) => Promise<void>,
  report: (line: string) => void,
): Promise<void> {
  // EventStoreDB holds every service's streams in one log: one pass over it is the whole platform.
  const passes = config.EVENT_STORE === 'eventstoredb' ? services.slice(0, 1) : services;
  for (const service of passes) {
    const store = await openServiceStore(service, config, report);
    if (!store) continue;
    try {
      await work(service, store);
    } finally {
      await store.close();
    }
  }
}

/** The service's event store, or undefined (reported) when an embedded one does not exist under DATA_DIR. */
export async function openServiceStore(service: ServiceName, config: PlatformConfig, report: (line: string) => void): Promise<EventStore | undefined> {
  if (config.EVENT_STORE === 'embedded' && !existsSync(join(resolve(config.DATA_DIR, service), 'events.db'))) {
    report(`${service}: no event store under ${resolve(config.DATA_DIR, service)}`);
    return undefined;
  }
  return openEventStore(service, config);
}

/** A mistake in the command line or its inputs: printed without a stack, exit code 2. */
export class OpsError extends Error {}
