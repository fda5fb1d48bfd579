import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from '@platform/messaging';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { prettyStream } from './pretty';
import { REDACT_PATHS, REDACTED, sanitizeText, sanitizeValue } from './redact';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug';
export type LogFormat = 'json' | 'pretty';

export interface PlatformLoggerOptions {
  /** the process's services, e.g. `billing` or `identity+billing+…` */
  service: string;
  level?: LogLevel;
  /** default: pretty on a terminal outside production, else JSON */
  format?: LogFormat;
  /** where lines go (tests); default standard output */
  destination?: DestinationStream;
}

/** Nest's level names to pino's. */
const PINO_LEVEL = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
type NestLevel = keyof typeof PINO_LEVEL;

let stdout: DestinationStream | undefined;
/** One synchronous writer on fd 1 for every logger of the process: a line is out before `process.exit`. */
function standardOutput(): DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: true }));
}

/** Pretty on a terminal in development; LOG_FORMAT says otherwise. */
export function chooseLogFormat(env: NodeJS.ProcessEnv, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return isTty && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/**
 * The one logger of a process: one JSON object per line (`level`, `time`, `service`, `context`,
 * `msg`, and `correlationId` while a request or event with one is handled), secrets redacted.
 * It is Nest's LoggerService, so every `new Logger(context)` in the services writes through it.
 */
export class PlatformLogger implements LoggerService {
  readonly pino: Pino;

  constructor(options: PlatformLoggerOptions) {
    const format = options.format ?? 'json';
    const destination = options.destination ?? (format === 'pretty' ? prettyStream(process.stdout) : standardOutput());
    this.pino = pino(
      {
        level: PINO_LEVEL[options.level ?? 'log'],
        base: { service: options.service },
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'msg',
        formatters: {
          level: (label) => ({ level: label }),
          log: (object) => sanitizeValue(object) as Record<string, unknown>,
        },
        serializers: { err: serializeError },
        mixin: () => {
          const correlationId = currentCorrelationId();
          return correlationId ? { correlationId } : {};
        },
        redact: { paths: REDACT_PATHS, censor: REDACTED },
      },
      destination,
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest sets levels through this; LOG_LEVEL is the floor we start from. */
  setLogLevels(levels: NestLevel[]): void {
    const order: NestLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    if (lowest) this.pino.level = PINO_LEVEL[lowest];
  }

  /**
   * Nest's calling convention: `(message, ...params, context)`, where `new Logger(context)` appends the
   * context, and `error` may carry an Error or a stack string before it.
   */
  private write(level: NestLevel, message: unknown, params: unknown[]): void {
    const target = PINO_LEVEL[level];
    if (!this.pino.isLevelEnabled(target)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const details: unknown[] = [];
    for (const p of rest) {
      if (p === undefined) continue;
      if (p instanceof Error && !fields.err) fields.err = p;
      else if (typeof p === 'string' && /\n\s+at /.test(p) && !fields.stack) fields.stack = sanitizeText(p);
      else details.push(p);
    }
    if (details.length > 0) fields.details = details.length === 1 ? details[0] : details;
    let msg: string;
    if (typeof message === 'string') msg = message;
    else if (message instanceof Error) {
      fields.err ??= message;
      msg = message.message;
    } else {
      fields.data = message;
      msg = '';
    }
    this.pino[target](fields, sanitizeText(msg));
  }
}

/** pino's error serializer, with the message and stack sanitized (an error may quote a link with its token). */
function serializeError(error: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
  for (const key of ['message', 'stack']) if (typeof plain[key] === 'string') plain[key] = sanitizeText(plain[key]);
  return plain;
}

export function createPlatformLogger(options: PlatformLoggerOptions): PlatformLogger {
  return new PlatformLogger(options);
}

const LEVELS: readonly string[] = ['error', 'warn', 'log', 'debug'];

/**
 * The logger LOG_LEVEL and LOG_FORMAT ask for. Lenient (an unknown level means `log`): it must work
 * before the configuration is checked, to report that check's failure.
 */
export function loggerFromEnv(env: NodeJS.ProcessEnv, service: string): PlatformLogger {
  const level = LEVELS.includes(env.LOG_LEVEL ?? '') ? (env.LOG_LEVEL as LogLevel) : 'log';
  return createPlatformLogger({ service, level, format: chooseLogFormat(env) });
}
