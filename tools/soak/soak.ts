/**
 * `npm run soak -- --minutes 30 --rate 20`: a constant open-loop load on the single-process platform
 * (sign-in, listings, requests, downloads, revocations), minute by minute: requests, failures,
 * p50 / p99 and the server's RSS; then the server idles (`--idle`, 60 s) and its RSS is read again.
 * Last line: `soak p99_growth=<p99 of the last 5 minutes ÷ of the first 5> rss_growth=<after idle ÷ start>`
 * (goals ≤ 1.2 and ≤ 1.3). Loopback only; it stops by itself.
 */
import { parseArgs } from 'node:util';
import { TestDnsServer } from '@platform/testing';
import { client } from '../../services/platform/test/http-client';
import { makeCsr } from '../../services/platform/test/openssl';
import { percentile, prepareOrganisation, rssMb, sleep, startSingleProcess } from '../bench/bench-platform';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '20' }, idle: { type: 'string', default: '60' } },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const IDLE_S = Number(args.idle);
if (!(MINUTES >= 1 && RATE > 0 && RATE <= 500 && IDLE_S >= 0)) throw new Error('usage: npm run soak -- --minutes <≥ 1> --rate <requests/s, ≤ 500> [--idle <s>]');
/** Requests allowed in flight before the driver counts a tick as dropped (the server is not keeping up). */
const MAX_IN_FLIGHT = 400;

interface Minute {
  times: number[];
  failures: Record<string, number>;
  dropped: number;
  rss: number;
}

type Operation = 'list' | 'get' | 'download' | 'request' | 'revoke';
/** Issued and revoked in near balance, so the allowance (class F) lasts the whole run. */
const MIX: [Operation, number][] = [
  ['list', 30],
  ['get', 15],
  ['download', 20],
  ['request', 18],
  ['revoke', 17],
];
const pick = (): Operation => {
  let r = Math.random() * 100;
  for (const [op, weight] of MIX) if ((r -= weight) < 0) return op;
  return 'list';
};

async function main() {
  const dns = await TestDnsServer.start();
  const server = await startSingleProcess({ DNS_RESOLVER: dns.address });
  try {
    const { rao, organisationId } = await prepareOrganisation(server.url);
    const email = await raoEmail(server.url, rao);
    let token = rao;
    const csrs = Array.from({ length: 30 }, (_, i) => makeCsr({ names: [`host${i}.bench.ac.uk`], key: 'p256' }));
    const issued: string[] = [];
    const live: string[] = [];
    const minutes: Minute[] = [];
    const pid = server.child.pid!;
    const rssStart = rssMb(pid);
    let inFlight = 0;

    const call = async (op: Operation | 'sign-in'): Promise<{ status: number; body: { id?: string; code?: string } } | undefined> => {
      const api = client(server.url, token);
      switch (op) {
        case 'sign-in': {
          const reply = await client(server.url).post('/api/v1/auth/sign-in', { email, password: 'bench password 123' });
          if (reply.status === 200) token = reply.body.accessToken;
          return reply;
        }
        case 'list':
          return api.get(`/api/v1/certificates?organisationId=${organisationId}&status=issued&pageSize=50`);
        case 'get':
          return issued.length ? api.get(`/api/v1/certificates/${issued[Math.floor(Math.random() * issued.length)]}`) : undefined;
        case 'download':
          return issued.length ? api.get(`/api/v1/certificates/${issued[Math.floor(Math.random() * issued.length)]}/download?format=fullchain`) : undefined;
        case 'request': {
          const reply = await api.post('/api/v1/certificates', { organisationId, csr: csrs[Math.floor(Math.random() * csrs.length)] });
          if (reply.status === 201) {
            issued.push(reply.body.id);
            live.push(reply.body.id);
          }
          return reply;
        }
        case 'revoke': {
          // The oldest live certificate, once a few are kept for downloads.
          if (live.length < 10) return undefined;
          return api.post(`/api/v1/certificates/${live.shift()}/revoke`, { reason: 'superseded' });
        }
      }
    };

    const started = Date.now();
    const interval = 1000 / RATE;
    let nextSignIn = started;
    for (let i = 0; ; i++) {
      const at = started + i * interval;
      const minute = Math.floor((at - started) / 60_000);
      if (minute >= MINUTES) break;
      const wait = at - Date.now();
      if (wait > 0) await sleep(wait);
      while (minutes.length <= minute) {
        if (minutes.length) minutes[minutes.length - 1].rss = rssMb(pid);
        minutes.push({ times: [], failures: {}, dropped: 0, rss: 0 });
      }
      const bucket = minutes[minute];
      if (inFlight >= MAX_IN_FLIGHT) {
        bucket.dropped += 1;
        continue;
      }
      // One sign-in every 4 s, whatever the rate: the gateway allows 20 a minute per address.
      const op = at >= nextSignIn ? 'sign-in' : pick();
      if (op === 'sign-in') nextSignIn += 4_000;
      inFlight += 1;
      const t0 = process.hrtime.bigint();
      void call(op)
        .then(
          (reply) => {
            if (!reply) return;
            bucket.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (reply.status >= 400) bucket.failures[`${op} ${reply.status} ${reply.body?.code ?? ''}`.trim()] = (bucket.failures[`${op} ${reply.status} ${reply.body?.code ?? ''}`.trim()] ?? 0) + 1;
          },
          (error: Error) => (bucket.failures[`${op} ${error.message}`] = (bucket.failures[`${op} ${error.message}`] ?? 0) + 1),
        )
        .finally(() => (inFlight -= 1));
    }
    while (inFlight > 0) await sleep(50);
    minutes[minutes.length - 1].rss = rssMb(pid);
    await sleep(IDLE_S * 1000);
    const rssIdle = rssMb(pid);

    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
    process.stdout.write('\nminute | requests | failed | dropped | p50 ms | p99 ms | RSS MiB\n-------|----------|--------|---------|--------|--------|--------\n');
    minutes.forEach((m, i) => {
      const failed = Object.values(m.failures).reduce((a, b) => a + b, 0);
      process.stdout.write(`${String(i + 1).padStart(6)} | ${String(m.times.length).padStart(8)} | ${String(failed).padStart(6)} | ${String(m.dropped).padStart(7)} | ${f(percentile(m.times, 50)).padStart(6)} | ${f(percentile(m.times, 99)).padStart(6)} | ${f(m.rss).padStart(7)}\n`);
    });
    const failures: Record<string, number> = {};
    for (const m of minutes) for (const [k, n] of Object.entries(m.failures)) failures[k] = (failures[k] ?? 0) + n;
    process.stdout.write(`\nfailures: ${JSON.stringify(failures)}\ncertificates issued ${issued.length}, revoked ${issued.length - live.length}\n`);
    process.stdout.write(`RSS at start ${f(rssStart)} MiB, after ${IDLE_S} s idle ${f(rssIdle)} MiB\n`);
    const window = Math.max(1, Math.min(5, Math.floor(MINUTES / 2)));
    const p99Of = (ms: Minute[]) => percentile(ms.flatMap((m) => m.times), 99);
    const growth = p99Of(minutes.slice(-window)) / p99Of(minutes.slice(0, window));
    process.stdout.write(`(p99 over the first and last ${window} minute(s): ${f(p99Of(minutes.slice(0, window)))} and ${f(p99Of(minutes.slice(-window)))} ms)\n`);
    process.stdout.write(`soak p99_growth=${growth.toFixed(2)} rss_growth=${(rssIdle / rssStart).toFixed(2)}\n`);
  } finally {
    await server.stop();
    await dns.close();
  }
}

/** The RAO's e-mail, for its own sign-ins. */
async function raoEmail(url: string, token: string): Promise<string> {
  const me = await client(url, token).get('/api/v1/auth/me');
  if (me.status !== 200) throw new Error(`whoami failed: ${me.status}`);
  return me.body.email;
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
