import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestNatsServer {
  url: string;
  stop(): Promise<void>;
  /** SIGKILL, keeping its JetStream storage (a crash, for chaos tests) */
  kill(): Promise<void>;
  /** starts it again on the same port and storage, after `kill` */
  restart(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A NATS server with JetStream of the test's own (Debian's nats-server), on a free port with its own
 * storage: streams and durables of one run never meet another's.
 */
export async function startNatsServer(binary = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server'): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'nats-js-'));
  const launch = async () => {
    const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitForPort(port);
    return { child, exited };
  };
  let running = await launch();
  const end = async (signal: NodeJS.Signals) => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
    await running.exited;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      await end('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    async restart() {
      running = await launch();
    },
  };
}
