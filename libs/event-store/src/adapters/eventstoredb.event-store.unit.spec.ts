import { createServer, type Server, type Socket } from 'node:net';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

/** What the adapter must do when there is no usable EventStoreDB (the suite needs a real one). */
describe('EventStoreDbEventStore without a usable server', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let port: number;

  beforeAll(async () => {
    // Accepts TCP connections and never answers: the gRPC client would wait on it forever.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after its own timeout on a port that speaks TCP but not gRPC', async () => {
    const store = EventStoreDbEventStore.connect({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, timeoutMs: 300 });
    const started = Date.now();
    try {
      await expect(store.readStream('anything-1')).rejects.toThrow(/no answer within 300 ms/);
      await expect(store.appendToStream('anything-1', [], 'any')).rejects.toThrow(/no answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await store.close();
    }
  });
});
