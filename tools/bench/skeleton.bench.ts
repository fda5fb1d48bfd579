/**
 * `npm run bench:skeleton`: latency of the walking skeleton's issuance request (POST /api/v1/certificates,
 * RSA-2048 CSR) in both runtime modes, and the single process's RSS at idle and after 1,000 issuances.
 * The platform runs in child processes so that the driver's work is not measured as the server's.
 */
import { TestDnsServer } from '@platform/testing';
import { startDistributedPlatform } from '../../services/platform/test/distributed-platform';
import { client } from '../../services/platform/test/http-client';
import { makeCsr } from '../../services/platform/test/openssl';
import { ADMIN, percentile, prepareOrganisation, rssMb, sleep, startSingleProcess } from './bench-platform';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const LOAD = Number(process.env.BENCH_LOAD ?? 1000);

/** Sequential requests, one at a time: the latency a user sees, not throughput. */
async function measure(url: string, token: string, organisationId: string, csrs: string[], count: number): Promise<number[]> {
  const api = client(url, token);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const reply = await api.post('/api/v1/certificates', { organisationId, csr: csrs[i % csrs.length] });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (reply.status !== 201) throw new Error(`issuance failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return times;
}

async function main() {
  const csrs = Array.from({ length: 20 }, (_, i) => makeCsr({ commonName: `host${i}.bench.ac.uk`, names: [`host${i}.bench.ac.uk`], key: 'rsa2048' }));
  const rows: Array<[string, string]> = [];
  // Issuance checks CAA for every name: a loopback DNS server answers (no records: allowed); both modes inherit it.
  const dns = await TestDnsServer.start();
  process.env.DNS_RESOLVER = dns.address;

  const single = await startSingleProcess();
  let singleTimes: number[];
  let rssIdle: number;
  let rssLoaded: number;
  try {
    const { rao, organisationId } = await prepareOrganisation(single.url);
    await sleep(2000);
    rssIdle = rssMb(single.child.pid!);
    await measure(single.url, rao, organisationId, csrs, 20); // warm-up
    singleTimes = await measure(single.url, rao, organisationId, csrs, SAMPLES);
    await measure(single.url, rao, organisationId, csrs, LOAD - SAMPLES - 20);
    await sleep(2000);
    rssLoaded = rssMb(single.child.pid!);
  } finally {
    await single.stop();
  }

  const distributed = await startDistributedPlatform(ADMIN);
  let distTimes: number[];
  try {
    const { rao, organisationId } = await prepareOrganisation(distributed.url);
    await measure(distributed.url, rao, organisationId, csrs, 20);
    distTimes = await measure(distributed.url, rao, organisationId, csrs, SAMPLES);
  } finally {
    await distributed.stop();
    await dns.close();
  }

  const f = (n: number) => n.toFixed(1);
  rows.push(['single process: issuance p50 (ms)', f(percentile(singleTimes, 50))]);
  rows.push(['single process: issuance p99 (ms)', f(percentile(singleTimes, 99))]);
  rows.push(['distributed: issuance p50 (ms)', f(percentile(distTimes, 50))]);
  rows.push(['distributed: issuance p99 (ms)', f(percentile(distTimes, 99))]);
  rows.push(['distributed / single p50', (percentile(distTimes, 50) / percentile(singleTimes, 50)).toFixed(2)]);
  rows.push(['single process RSS idle (MiB)', f(rssIdle)]);
  rows.push([`single process RSS after ${LOAD} issuances (MiB)`, f(rssLoaded)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${'metric'.padEnd(width)} | value\n${'-'.repeat(width)}-|------\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)} | ${v}\n`);
  process.stdout.write(
    `skeleton single_p50_ms=${f(percentile(singleTimes, 50))} single_p99_ms=${f(percentile(singleTimes, 99))} ` +
      `dist_p50_ms=${f(percentile(distTimes, 50))} dist_p99_ms=${f(percentile(distTimes, 99))} ` +
      `rss_idle_mb=${f(rssIdle)} rss_after_${LOAD}_mb=${f(rssLoaded)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
