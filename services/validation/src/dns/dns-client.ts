import { type CaaRecord, promises as dns } from 'node:dns';

/** The answer "this name has no such records": a lookup that worked. Anything else is a failure. */
const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA']);
export const isNoRecords = (error: unknown): boolean => NO_RECORDS.has((error as NodeJS.ErrnoException).code ?? '');

/**
 * Lookups through one configured resolver (`host:port`), bounded by `timeoutMs` so that a silent
 * server fails a check in bounded time. Without a resolver, the system's.
 *
 * c-ares does not keep to its `timeout` option: once it has seen a few answers it times a query out
 * after five times the server's average latency (at least 250 ms; node checks about once a second).
 * Against a fast resolver that is about a second, so one slow or lost answer would fail a check
 * that had seconds left. Each try is therefore a third of the budget at most, and a timed-out
 * question is asked again until the budget is spent.
 */
export class DnsClient {
  private readonly resolver: dns.Resolver;
  private readonly timeoutMs: number;

  constructor(options: { server?: string; timeoutMs: number }) {
    this.timeoutMs = options.timeoutMs;
    this.resolver = new dns.Resolver({ timeout: Math.max(250, Math.floor(options.timeoutMs / 3)), tries: 1 });
    if (options.server) this.resolver.setServers([options.server]);
  }

  /** TXT strings at `name` ([] when the name or the type does not exist). */
  async txt(name: string): Promise<string[]> {
    return this.ask(() => this.resolver.resolveTxt(name)).then((rows) => rows.map((chunks) => chunks.join('')), orNone);
  }

  async cname(name: string): Promise<string[]> {
    return this.ask(() => this.resolver.resolveCname(name)).then((names) => names.map(canonical), orNone);
  }

  async caa(name: string): Promise<CaaRecord[]> {
    return this.ask(() => this.resolver.resolveCaa(name)).catch(orNone);
  }

  /** IPv4 addresses; a missing name is an error here (nothing to connect to). */
  async ipv4(name: string): Promise<string[]> {
    return this.ask(() => this.resolver.resolve4(name));
  }

  private async ask<T>(lookup: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        return await lookup();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ETIMEOUT' || Date.now() >= deadline) throw error;
      }
    }
  }
}

function orNone(error: unknown): never[] {
  if (isNoRecords(error)) return [];
  throw error;
}

export const canonical = (name: string): string => name.toLowerCase().replace(/\.$/, '');
