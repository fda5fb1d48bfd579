import type { Writable } from 'node:stream';
import type { RecordedEvent } from '@platform/event-store';
import { csvRecord } from '@platform/kernel';
import type { PlatformConfig } from '@platform/runtime';
import type { ServiceName } from '../services';
import { OpsError, eachStore } from './ops-stores';

export interface ExportFilter {
  stream?: string;
  /** the stream id's part before its first `-` (`certificate`, `subscription`) */
  category?: string;
  type?: string;
  /** a global position (inclusive) or an ISO-8601 date/time the event occurred at or after */
  from?: string;
  /** a global position (inclusive) or an ISO-8601 date/time the event occurred before */
  to?: string;
  format: 'ndjson' | 'csv';
}

const CSV_COLUMNS = ['service', 'position', 'streamId', 'revision', 'id', 'type', 'occurredAt', 'actor', 'correlationId', 'causationId', 'data', 'hash'] as const;

type Bound = { position: bigint } | { at: number };

/** "123" is a position; anything else must be a date/time. */
function bound(name: string, value: string | undefined): Bound | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,19}$/.test(value)) return { position: BigInt(value) };
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new OpsError(`--${name} must be a position (digits) or an ISO-8601 date/time, not "${value}"`);
  return { at };
}

/**
 * `ops events export`: the matching events of each chosen service, in log order, as NDJSON (one
 * event per line, positions as strings) or CSV (RFC 4180, formula-safe). Streams page by page with
 * backpressure: memory stays constant whatever the size of the log.
 */
export async function eventsExport(
  config: PlatformConfig,
  services: readonly ServiceName[],
  filter: ExportFilter,
  output: Writable,
  report: (line: string) => void,
): Promise<number> {
  const from = bound('from', filter.from);
  const to = bound('to', filter.to);
  const matches = (e: RecordedEvent): boolean => {
    if (filter.stream !== undefined && e.streamId !== filter.stream) return false;
    if (filter.category !== undefined && e.streamId.split('-', 1)[0] !== filter.category) return false;
    if (filter.type !== undefined && e.type !== filter.type) return false;
    if (from && ('position' in from ? e.position < from.position : Date.parse(e.metadata.occurredAt) < from.at)) return false;
    if (to && ('position' in to ? e.position > to.position : Date.parse(e.metadata.occurredAt) >= to.at)) return false;
    return true;
  };
  const write = async (text: string): Promise<void> => {
    if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  if (filter.format === 'csv') await write(csvRecord(CSV_COLUMNS));
  let exported = 0;
  await eachStore(
    config,
    services,
    async (service, store) => {
      // Positions only grow: a position bound lets the read start late and stop early.
      let after = from && 'position' in from ? from.position - 1n : undefined;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        if (page.length === 0) return;
        for (const e of page) {
          if (to && 'position' in to && e.position > to.position) return;
          if (!matches(e)) continue;
          exported += 1;
          await write(filter.format === 'csv' ? csvRecord(csvRow(service, e)) : `${JSON.stringify(ndjsonRow(service, e))}\n`);
        }
        after = page[page.length - 1].position;
      }
    },
    report,
  );
  return exported;
}

const ndjsonRow = (service: ServiceName, e: RecordedEvent) => ({
  service,
  position: e.position.toString(),
  streamId: e.streamId,
  revision: e.revision,
  id: e.id,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  hash: e.hash,
});

const csvRow = (service: ServiceName, e: RecordedEvent) => [
  service,
  e.position.toString(),
  e.streamId,
  e.revision,
  e.id,
  e.type,
  e.metadata.occurredAt,
  e.metadata.actor,
  e.metadata.correlationId,
  e.metadata.causationId,
  JSON.stringify(e.data),
  e.hash,
];
