import { connect } from 'nats';

/** The NATS server for int tests: `NATS_URL`, else the local one. */
export function natsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** true when a NATS server with JetStream answers at `natsUrl()`, so int tests can skip cleanly otherwise. */
export async function natsAvailable(): Promise<boolean> {
  try {
    const nc = await connect({ servers: natsUrl(), timeout: 1000, reconnect: false });
    try {
      await (await nc.jetstreamManager()).getAccountInfo();
      return true;
    } catch {
      return false;
    } finally {
      await nc.close();
    }
  } catch {
    return false;
  }
}

/** Deletes JetStream streams a test created (ignoring ones that were never created). */
export async function deleteStreams(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const nc = await connect({ servers: natsUrl() });
  try {
    const jsm = await nc.jetstreamManager();
    for (const name of names) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.drain();
  }
}
