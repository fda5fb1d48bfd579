import { type ChainBreak, verifyChain } from '@platform/event-store';
import type { PlatformConfig } from '@platform/runtime';
import type { ServiceName } from '../services';
import { eachStore } from './ops-stores';

export interface AuditResult {
  service: ServiceName;
  events: number;
  streams: number;
  broken?: ChainBreak;
}

/**
 * `ops audit verify`: reads every service's log and checks each event's hash chain
 * (libs/event-store/src/hash-chain.ts). Reports the first broken link of each store.
 */
export async function auditVerify(config: PlatformConfig, services: readonly ServiceName[], out: (line: string) => void): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  await eachStore(
    config,
    services,
    async (service, store) => {
      let lastReport = Date.now();
      const report = await verifyChain(store, {
        onProgress: (events, position) => {
          if (Date.now() - lastReport < 2_000) return;
          lastReport = Date.now();
          out(`${service}: ${events} events checked (position ${position})`);
        },
      });
      results.push({ service, events: report.events, streams: report.streams, ...(report.broken ? { broken: report.broken } : {}) });
      const b = report.broken;
      out(
        b
          ? `${service}: BROKEN at position ${b.position}, stream ${b.streamId} revision ${b.revision} (event ${b.eventId}): ${b.reason}`
          : `${service}: ok, ${report.events} events in ${report.streams} streams`,
      );
    },
    out,
  );
  return results;
}
