/** Small helpers for this library's tests (not exported from index.ts). */
import { randomBytes } from 'node:crypto';
import type { MessagingLogger } from './logger';
import type { DeliveredEvent } from './message-bus.port';

/** A stream name no other test run uses, e.g. `TQXJHRPLM`. */
export function newStreamName(): string {
  const letters = [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
  return `T${letters}`.toUpperCase();
}

export const eventSubject = (stream: string, name: string): string => `${stream.toLowerCase()}.evt.${name}`;

export interface RecordingLogger extends MessagingLogger {
  warnings: unknown[][];
  errors: unknown[][];
}

/** Keeps test output quiet and lets tests assert on what was logged. */
export function recordingLogger(): RecordingLogger {
  const warnings: unknown[][] = [];
  const errors: unknown[][] = [];
  return { warnings, errors, warn: (...args) => void warnings.push(args), error: (...args) => void errors.push(args) };
}

/** Polls until `check` passes (returns without throwing), or fails with its last error. */
export async function eventually(check: () => unknown | Promise<unknown>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** A consumer handler that records what it is given. */
export function collector(): { events: DeliveredEvent[]; ids: () => string[]; handler: (e: DeliveredEvent) => Promise<void> } {
  const events: DeliveredEvent[] = [];
  return { events, ids: () => events.map((e) => e.id), handler: async (e) => void events.push(e) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
