import { type CaaRecord, promises as dns } from 'node:dns';

/** The answer "this name has no such records": a lookup that worked. Anything else is a failure. */
const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA']);
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

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

  /**
   * IPv6 and IPv4 addresses (AAAA and A, asked together). A name with neither is an error here
   * (nothing to connect to): the first failure that is not "no such records", else A's answer.
   */
  async addresses(name: string): Promise<ResolvedAddress[]> {
    const [v6, v4] = await Promise.allSettled([this.ask(() => this.resolver.resolve6(name)), this.ask(() => this.resolver.resolve4(name))]);
    const found = [
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
    ];
    if (found.length > 0) return found;
    const errors = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as NodeJS.ErrnoException] : []));
    throw errors.find((e) => !isNoRecords(e)) ?? errors[0] ?? Object.assign(new Error(`${name} has no address`), { code: 'ENODATA' });
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
