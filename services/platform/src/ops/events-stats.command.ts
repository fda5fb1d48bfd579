import type { PlatformConfig } from '@platform/runtime';
import type { ServiceName } from '../services';
import { eachStore } from './ops-stores';

export interface EventStats {
  service: ServiceName;
  events: number;
  streams: number;
  headPosition?: bigint;
  firstAt?: string;
  lastAt?: string;
  /** events per type, most frequent first */
  types: [string, number][];
}

/** `ops events stats`: per service, how many events of which types, in how many streams, over which time. */
export async function eventsStats(config: PlatformConfig, services: readonly ServiceName[], out: (line: string) => void): Promise<EventStats[]> {
  const all: EventStats[] = [];
  await eachStore(
    config,
    services,
    async (service, store) => {
      const types = new Map<string, number>();
      const streams = new Set<string>();
      const stats: EventStats = { service, events: 0, streams: 0, types: [] };
      for (let after: bigint | undefined; ; ) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) break;
        for (const e of page) {
          types.set(e.type, (types.get(e.type) ?? 0) + 1);
          streams.add(e.streamId);
          stats.firstAt ??= e.metadata.occurredAt;
          stats.lastAt = e.metadata.occurredAt;
        }
        stats.events += page.length;
        after = page[page.length - 1].position;
        stats.headPosition = after;
      }
      stats.streams = streams.size;
      stats.types = [...types.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      all.push(stats);
      out(`${service}: ${stats.events} events in ${stats.streams} streams, head ${stats.headPosition ?? 'none'}, ${stats.firstAt ?? '-'} .. ${stats.lastAt ?? '-'}`);
      for (const [type, count] of stats.types) out(`  ${String(count).padStart(9)}  ${type}`);
    },
    out,
  );
  return all;
}
