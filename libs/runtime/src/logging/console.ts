import type { PlatformLogger } from './platform-logger';

/**
 * Sends `console.*` through the process's logger, so what libraries print (their default loggers,
 * a dependency's warning) also arrives as one redacted JSON line. For a process's entry point only.
 */
export function routeConsoleTo(logger: PlatformLogger): void {
  const context = 'console';
  const to =
    (level: 'log' | 'warn' | 'error' | 'debug') =>
    (message?: unknown, ...params: unknown[]) =>
      logger[level](message ?? '', ...params, context);
  console.log = to('log');
  console.info = to('log');
  console.warn = to('warn');
  console.error = to('error');
  console.debug = to('debug');
  console.trace = to('debug');
}
