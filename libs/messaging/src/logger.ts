/**
 * What the library logs through. Nest's `Logger` and `console` both fit, so the bus does not
 * depend on Nest and an application can route messaging logs through its own logger.
 */
export interface MessagingLogger {
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

export const consoleLogger: MessagingLogger = console;
