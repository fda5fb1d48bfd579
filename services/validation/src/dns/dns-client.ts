import { type CaaRecord, promises as dns } from 'node:dns';

/** The answer "this name has no such records": a lookup that worked. Anything else is a failure. */
const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA']);
export const isNoRecords = (error: unknown): boolean => NO_RECORDS.has((error as NodeJS.ErrnoException).code ?? '');

/**
 * Lookups through one configured resolver (`host:port`), with a timeout and a single try, so that
 * a silent server fails a check in bounded time. Without a resolver, the system's.
 */
export class DnsClient {
  private readonly resolver: dns.Resolver;

  constructor(options: { server?: string; timeoutMs: number }) {
    this.resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 1 });
    if (options.server) this.resolver.setServers([options.server]);
  }

  /** TXT strings at `name` ([] when the name or the type does not exist). */
  async txt(name: string): Promise<string[]> {
    return this.resolver.resolveTxt(name).then((rows) => rows.map((chunks) => chunks.join('')), orNone);
  }

  async cname(name: string): Promise<string[]> {
    return this.resolver.resolveCname(name).then((names) => names.map(canonical), orNone);
  }

  async caa(name: string): Promise<CaaRecord[]> {
    return this.resolver.resolveCaa(name).catch(orNone);
  }

  /** IPv4 addresses; a missing name is an error here (nothing to connect to). */
  async ipv4(name: string): Promise<string[]> {
    return this.resolver.resolve4(name);
  }
}

function orNone(error: unknown): never[] {
  if (isNoRecords(error)) return [];
  throw error;
}

export const canonical = (name: string): string => name.toLowerCase().replace(/\.$/, '');
