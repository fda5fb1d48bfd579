/**
 * `npm run chaos`: the distributed platform (a process per service, a NATS server and PostgreSQL
 * schemas of its own) under crashes. For billing, issuance, validation, gateway, acme and the NATS
 * server in turn: 100 concurrent certificate requests against an allowance of 50 (REST with an
 * Idempotency-Key each; ACME orders when acme is the target), SIGKILL of the target at the 10th
 * answer, restart at once; then 100 more. Checks: never more than 50 counted or listed, every listed
 * certificate counted once, every REST request's outcome found again by its key, and the time from
 * the restart until the tally equals the certificates listed with no unit left reserved.
 * Last line: `chaos over_issued=<n> double_counted=<n> lost=<n> max_consistency_s=<x>` (goal x ≤ 30).
 * CHAOS_TARGETS=issuance,nats narrows the run. Loopback only; it stops by itself.
 */
import { TestDnsServer } from '@platform/testing';
import { type DistributedPlatform, startDistributedPlatform } from '../../services/platform/test/distributed-platform';
import { type Reply, client, eventually, signIn } from '../../services/platform/test/http-client';
import { makeCsr } from '../../services/platform/test/openssl';
import { AcmeDriver } from '../bench/acme-driver';
import { ADMIN, sleep } from '../bench/bench-platform';

const TARGETS = (process.env.CHAOS_TARGETS ?? 'billing,issuance,validation,gateway,acme,nats').split(',');
const REQUESTS = 100;
const ALLOWANCE = 50; // usage class A
const KILL_AT = 10;
/** Longer than any goal: a run that is not consistent by then is reported as this, not awaited forever. */
const CONSISTENCY_CAP_MS = 180_000;

interface Row {
  target: string;
  issued: number;
  refused: number;
  failed: number;
  tally: number;
  listed: number;
  overIssued: number;
  doubleCounted: number;
  lost: number;
  consistencyS: number;
}

const csrPem = Array.from({ length: 10 }, (_, i) => makeCsr({ names: [`host${i}.chaos.ac.uk`], key: 'p256' }));
const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

async function main() {
  const dns = await TestDnsServer.start();
  const platform = await startDistributedPlatform({ ...ADMIN, DNS_RESOLVER: dns.address, LOG_LEVEL: 'error', BUS_REQUEST_TIMEOUT_MS: '5000' });
  const rows: Row[] = [];
  try {
    for (const target of TARGETS) rows.push(await round(platform, target));
  } catch (error) {
    process.stderr.write(`${platform.output().slice(-5000)}\n`);
    throw error;
  } finally {
    await platform.stop();
    await dns.close();
  }
  process.stdout.write('\ntarget     | issued | refused | failed | tally | listed | over-issued | double-counted | lost | consistent after s\n');
  process.stdout.write('-----------|--------|---------|--------|-------|--------|-------------|----------------|------|-------------------\n');
  for (const r of rows)
    process.stdout.write(
      `${r.target.padEnd(10)} | ${pad(r.issued, 6)} | ${pad(r.refused, 7)} | ${pad(r.failed, 6)} | ${pad(r.tally, 5)} | ${pad(r.listed, 6)} | ${pad(r.overIssued, 11)} | ${pad(r.doubleCounted, 14)} | ${pad(r.lost, 4)} | ${r.consistencyS.toFixed(1)}\n`,
    );
  const sum = (k: keyof Row) => rows.reduce((a, r) => a + (r[k] as number), 0);
  process.stdout.write(
    `chaos over_issued=${sum('overIssued')} double_counted=${sum('doubleCounted')} lost=${sum('lost')} max_consistency_s=${Math.max(...rows.map((r) => r.consistencyS)).toFixed(1)}\n`,
  );
}

const pad = (n: number, w: number) => String(n).padStart(w);

/** One target: an organisation of its own, two bursts, a crash in the first. */
async function round(platform: DistributedPlatform, target: string): Promise<Row> {
  const mrao = await eventually(() => signIn(platform.url, ADMIN.PORTAL_ADMIN_EMAIL, ADMIN.PORTAL_ADMIN_PASSWORD).catch(() => undefined), 60_000);
  const api = () => client(platform.url, mrao);
  // Every round's organisation validates the same domain (the CSRs are made once, for names under it).
  const domain = 'chaos.ac.uk';
  const organisationId = (await api().post('/api/v1/organisations', { name: `Chaos ${target}`, member: true })).body.id as string;
  await api().post(`/api/v1/organisations/${organisationId}/validation/operator-assertion`, {});
  await api().post(`/api/v1/organisations/${organisationId}/domains/${domain}/operator-assertion`, {});
  await api().post(`/api/v1/organisations/${organisationId}/subscription`, { usageClass: 'A' });
  const outcomes = new Map<string, Reply | Error>();
  const names = (i: number) => [`host${i % csrPem.length}.${domain}`];

  let restartedAt = 0;
  let answers = 0;
  let killed: Promise<void> | undefined;
  const onAnswer = () => {
    if (++answers !== KILL_AT) return;
    killed = crash(platform, target).then(() => void (restartedAt = Date.now()));
  };
  process.stderr.write(`[${target}] burst 1: ${REQUESTS} requests, kill at answer ${KILL_AT}\n`);
  if (target === 'acme') {
    const drivers = await acmeDrivers(platform, mrao, organisationId, 10);
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        drivers[i % drivers.length]
          .issue(names(i), der(csrPem[i % csrPem.length]))
          .then(
            () => outcomes.set(`acme-${i}`, { status: 201, contentType: '', body: {} }),
            (error: Error) => outcomes.set(`acme-${i}`, error),
          )
          .finally(onAnswer),
      ),
    );
  } else {
    await Promise.all(Array.from({ length: REQUESTS }, (_, i) => request(platform.url, mrao, organisationId, `${target}-${i}`, i).then((r) => outcomes.set(`${target}-${i}`, r)).finally(onAnswer)));
  }
  await killed;
  const consistencyS = (await consistent(platform.url, mrao, organisationId)) === undefined ? CONSISTENCY_CAP_MS / 1000 : (Date.now() - restartedAt) / 1000;
  process.stderr.write(`[${target}] consistent ${consistencyS.toFixed(1)} s after the restart; burst 2\n`);
  await Promise.all(Array.from({ length: REQUESTS }, (_, i) => request(platform.url, mrao, organisationId, `${target}-b-${i}`, i)));

  // Every REST request again with its key: a certificate must come back as the same one, an
  // unanswered request must now have a definite outcome.
  let lost = 0;
  if (target !== 'acme')
    for (const [key, first] of outcomes) {
      const again = await request(platform.url, mrao, organisationId, key, Number(key.split('-').pop()));
      const firstId = !(first instanceof Error) && first.status === 201 ? first.body.id : undefined;
      if (again instanceof Error || again.status >= 500 || again.status === 409) lost += 1;
      else if (firstId && again.body.id !== firstId) lost += 1;
    }
  await consistent(platform.url, mrao, organisationId);
  const subscription = (await api().get(`/api/v1/organisations/${organisationId}/subscription`)).body;
  const listed = (await api().get(`/api/v1/certificates?organisationId=${organisationId}&status=issued&pageSize=500`)).body.total as number;
  const replies = [...outcomes.values()];
  const kinds: Record<string, number> = {};
  for (const r of replies) {
    const kind = r instanceof Error ? `error ${r.message}` : `${r.status} ${r.body?.code ?? ''}`.trim();
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  process.stderr.write(`[${target}] burst 1 answers: ${JSON.stringify(kinds)}; resent by key: ${lost} without a definite outcome\n`);
  const answered201 = replies.filter((r) => !(r instanceof Error) && r.status === 201).length;
  return {
    target,
    issued: answered201,
    refused: replies.filter((r) => !(r instanceof Error) && r.status >= 400 && r.status < 500).length,
    failed: replies.filter((r) => r instanceof Error || r.status >= 500).length,
    tally: subscription.tally,
    listed,
    overIssued: Math.max(0, subscription.tally - ALLOWANCE, listed - ALLOWANCE),
    doubleCounted: Math.max(0, subscription.tally - listed),
    // a certificate listed but not counted, or a request whose outcome its key cannot find
    lost: lost + Math.max(0, listed - subscription.tally),
    consistencyS,
  };
}

function request(url: string, token: string, organisationId: string, key: string, i: number): Promise<Reply | Error> {
  return client(url, token)
    .raw('POST', '/api/v1/certificates', { organisationId, csr: csrPem[i % csrPem.length] }, { 'idempotency-key': key })
    .catch((error: Error) => error);
}

/** SIGKILL, then start it again at once. */
async function crash(platform: DistributedPlatform, target: string): Promise<void> {
  if (target === 'nats') {
    await platform.nats.kill();
    await platform.nats.restart();
    return;
  }
  await platform.kill(target);
  platform.restart(target);
}

/** Polls until the tally equals the certificates listed and nothing is reserved; undefined after the cap. */
async function consistent(url: string, token: string, organisationId: string): Promise<true | undefined> {
  const until = Date.now() + CONSISTENCY_CAP_MS;
  while (Date.now() < until) {
    const [subscription, list] = await Promise.all([
      client(url, token).get(`/api/v1/organisations/${organisationId}/subscription`).catch(() => undefined),
      client(url, token).get(`/api/v1/certificates?organisationId=${organisationId}&status=issued&pageSize=1`).catch(() => undefined),
    ]);
    if (subscription?.status === 200 && list?.status === 200 && subscription.body.inFlight === 0 && subscription.body.tally === list.body.total) return true;
    await sleep(250);
  }
  return undefined;
}

async function acmeDrivers(platform: DistributedPlatform, mrao: string, organisationId: string, n: number): Promise<AcmeDriver[]> {
  const drivers: AcmeDriver[] = [];
  for (let i = 0; i < n; i++) {
    const binding = (await client(platform.url, mrao).post('/api/v1/acme/bindings', { organisationId, label: `chaos ${i}` })).body;
    const driver = new AcmeDriver(`${platform.acmeUrl}/acme/directory`);
    await driver.register(binding);
    drivers.push(driver);
  }
  return drivers;
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
