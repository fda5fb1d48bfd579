import type { DestinationStream } from 'pino';

const COLOUR: Record<string, string> = { fatal: '35', error: '31', warn: '33', info: '32', debug: '36', trace: '90' };
const SHOWN = new Set(['level', 'time', 'service', 'context', 'msg', 'correlationId', 'pid', 'hostname']);

/**
 * Human-readable lines for a terminal: `12:00:00.123 INFO  [identity] Context: message (correlation id)`,
 * then any other field as JSON and an error's stack. Fed the JSON lines pino writes, so what is shown
 * has already been redacted.
 */
export function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      out.write(`${prettyLine(line, Boolean((out as { isTTY?: boolean }).isTTY))}\n`);
    },
  };
}

export function prettyLine(line: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const level = String(entry.level ?? '');
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const context = entry.context ? `${paint('33', String(entry.context))}: ` : '';
  const correlation = entry.correlationId ? paint('90', ` (${String(entry.correlationId)})`) : '';
  const extra = Object.fromEntries(Object.entries(entry).filter(([k]) => !SHOWN.has(k) && k !== 'err'));
  const err = entry.err as { stack?: string; message?: string } | undefined;
  return [
    `${paint('90', time)} ${paint(COLOUR[level] ?? '0', level.toUpperCase().padEnd(5))} [${String(entry.service ?? '')}] ${context}${String(entry.msg ?? '')}${correlation}`,
    Object.keys(extra).length > 0 ? `  ${JSON.stringify(extra)}` : '',
    err ? `  ${err.stack ?? err.message ?? ''}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
