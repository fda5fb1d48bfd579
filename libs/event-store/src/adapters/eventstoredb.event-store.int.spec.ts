/**
 * Runs the conformance suite against EventStoreDB: EVENTSTOREDB_URL if set, else a container when a
 * Docker engine is available. Otherwise it registers one skipped test that says why: never a fake pass.
 */
import { execFileSync } from 'node:child_process';
import type { StartedTestContainer } from 'testcontainers';
import { eventStoreConformance } from '../event-store.conformance';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

const IMAGE = process.env.EVENTSTOREDB_IMAGE ?? 'eventstore/eventstore:24.10';
const PROBE = `require('testcontainers').getContainerRuntimeClient().then(
  () => process.exit(0),
  (e) => { process.stderr.write(String(e && e.message)); process.exit(1); })`;

/**
 * Asked in a child process because jest must know at registration time whether to skip,
 * and testcontainers only answers asynchronously (~0.4 s; ~10 ms to reject without an engine).
 */
function containerRuntimeProblem(): string | undefined {
  try {
    execFileSync(process.execPath, ['-e', PROBE], { cwd: process.cwd(), timeout: 20_000, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    return (e.stderr?.toString().trim() || e.message).split('\n')[0];
  }
}

const configuredUrl = process.env.EVENTSTOREDB_URL;
const problem = configuredUrl ? undefined : containerRuntimeProblem();

if (problem !== undefined) {
  const reason = `EventStoreDB conformance skipped: no EVENTSTOREDB_URL and no Docker engine (${problem})`;
  console.warn(reason);
  it.skip(reason, () => undefined);
} else {
  let container: StartedTestContainer | undefined;
  let connectionString = configuredUrl;

  beforeAll(async () => {
    if (connectionString) return;
    const { GenericContainer, Wait } = await import('testcontainers');
    container = await new GenericContainer(IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_MEM_DB: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status < 300))
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 300_000);

  afterAll(async () => {
    await container?.stop();
  });

  eventStoreConformance(`EventStoreDbEventStore (${configuredUrl ? 'EVENTSTOREDB_URL' : IMAGE})`, async () => {
    if (!connectionString) throw new Error('EventStoreDB did not start: see the first beforeAll');
    const store = EventStoreDbEventStore.connect({ connectionString });
    return { store, cleanup: () => store.close() };
  }, 'EventStoreDB never changes a stored event: its log has no place to tamper with from outside');
}
