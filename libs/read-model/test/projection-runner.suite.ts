/**
 * Behaviour of the projection runner, run against each read model backend (SQLite in the unit
 * tier, PostgreSQL in the int tier). `newDatabase` gives every test an empty database.
 */
import { randomUUID } from 'node:crypto';
import { ConnectionException } from '@mikro-orm/core';
import type { ReadModelDbConfig } from '../src';
import { ProjectionApplyError, ProjectionRunner, ProjectionWaitTimeoutError } from '../src';
import { appendAll, BatchedCertificateListProjection, CertificateListItemSchema, issued, revoked, unrelated } from './certificate-list.fixture';
import { CapturingLogger, certificateRows, faultRows, Harness, storedCheckpoint, tallyRows, until } from './harness';

export interface SuiteOptions {
  newDatabase(): Promise<ReadModelDbConfig>;
  /**
   * Whether two ORMs in one process may write the same database. Not on SQLite: better-sqlite3
   * waits for a lock synchronously, so the holder (in the same event loop) could never finish.
   */
  concurrentOrms: boolean;
}

export function projectionRunnerSuite({ newDatabase, concurrentOrms }: SuiteOptions): void {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness(await newDatabase());
  });
  afterEach(() => h.close());

  it('projects the log into rows and commits the checkpoint with them', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [
      issued('c1', 'org-a', ['a.example', 'www.a.example']),
      issued('c2', 'org-b', ['b.example']),
      revoked('c1'),
      unrelated(),
    ]);
    const { runner } = h.runner(orm);
    await runner.start();
    await runner.waitFor(log[3].position);

    expect(await certificateRows(orm)).toEqual([
      {
        id: 'c1',
        organisationId: 'org-a',
        status: 'revoked',
        names: 'a.example,www.a.example',
        issuedAt: '2026-01-01T12:00:00.000Z',
        revokedAt: '2026-01-02T12:00:00.000Z',
        eventCount: 2,
      },
      {
        id: 'c2',
        organisationId: 'org-b',
        status: 'issued',
        names: 'b.example',
        issuedAt: '2026-01-01T12:00:00.000Z',
        revokedAt: null,
        eventCount: 1,
      },
    ]);
    expect(await tallyRows(orm)).toEqual([
      { organisationId: 'org-a', issued: 1 },
      { organisationId: 'org-b', issued: 1 },
    ]);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(log[3].position);

    // A live event no projection handles costs no write; its position is stored on stop.
    const { position } = await h.store.appendToStream('subscription-org-a', [unrelated()], 'any');
    await runner.waitFor(position);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(log[3].position);
    await runner.stop();
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(position);
    expect(await storedCheckpoint(orm, 'organisation-tally')).toBe(position);
  });

  it('caughtUp: a reader that knows no position still sees every event appended before it asked', async () => {
    const orm = await h.openOrm();
    const { runner } = h.runner(orm);
    await runner.start();
    await runner.caughtUp(); // an empty log: nothing to wait for
    // Appended by someone else (no position handed over), then read at once.
    await appendAll(h.store, [issued('c1', 'org-a', ['a.example']), issued('c2', 'org-a', ['b.example'])]);
    await runner.caughtUp();
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1', 'c2']);
    await runner.stop();
  });

  it('per-batch flush: a row made and removed in one batch is never written; the others are, with the checkpoint', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [issued('c1', 'org-a', ['a.example']), issued('c2', 'org-a', ['b.example']), revoked('c1'), issued('c3', 'org-b', ['c.example'])]);
    const projection = new BatchedCertificateListProjection();
    const inserted: string[] = [];
    orm.config.set('onQuery', (sql: string, params: unknown[]) => {
      if (/^insert into \S*certificate_list/i.test(sql)) inserted.push(JSON.stringify(params));
      return sql;
    });
    const runner = new ProjectionRunner({ orm, store: h.store, projections: [projection], logger: new CapturingLogger(), retryDelayMs: 20 });
    await runner.start();
    await runner.waitFor(log[3].position);
    await runner.stop();
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c2', 'c3']);
    // One batch, one multi-row insert, without c1.
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toContain('"c2"');
    expect(inserted[0]).not.toContain('"c1"');
    expect(await storedCheckpoint(orm, 'certificate-list-batched')).toBe(log[3].position);
  });

  it('per-batch flush: when the batch cannot be written, the event at fault is named and nothing after it is applied', async () => {
    const orm = await h.openOrm();
    const projection = new BatchedCertificateListProjection();
    const [first] = await appendAll(h.store, [issued('c1', 'org-a', ['a.example'])]);
    const before = new ProjectionRunner({ orm, store: h.store, projections: [projection], logger: new CapturingLogger() });
    await before.start();
    await before.waitFor(first.position);
    await before.stop();
    // Caught up in one batch: c2's row clashes with c1's, which only the flush at the batch's end finds out.
    const log = await appendAll(h.store, [issued('c2', 'org-a', ['b.example']), issued('c3', 'org-a', ['c.example'])]);
    projection.duplicateOf.set('c2', 'c1');
    const logger = new CapturingLogger();
    const runner = new ProjectionRunner({ orm, store: h.store, projections: [projection], logger, retryDelayMs: 20, maxAttempts: Infinity });
    await runner.start().catch(() => undefined);
    await until(() => logger.errors.some((e) => e instanceof ProjectionApplyError));
    const failure = logger.errors.find((e) => e instanceof ProjectionApplyError) as ProjectionApplyError;
    expect(failure.position).toBe(log[1].position);
    await runner.stop();
    expect(await storedCheckpoint(orm, 'certificate-list-batched')).toBe(first.position);
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1']);
  });

  it('commits neither the rows nor the checkpoint of a live event that fails, then resumes', async () => {
    const orm = await h.openOrm();
    const { runner, list, logger } = h.runner(orm);
    await runner.start();
    const [first] = await appendAll(h.store, [issued('c1', 'org-a', ['a.example'])]);
    await runner.waitFor(first.position);

    const faulty = { ...issued('c2', 'org-a', ['b.example']), id: randomUUID() };
    list.failOn = faulty.id;
    await h.store.appendToStream('certificate-c2', [faulty], 'no_stream');
    const c3 = await h.store.appendToStream('certificate-c3', [issued('c3', 'org-b', ['c.example'])], 'no_stream');

    await until(() => logger.errors.length >= 1);
    // c2's row was written and flushed before the fault: the rollback must have removed it.
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1']);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(first.position);
    // The other projection is not held back.
    await until(async () => (await storedCheckpoint(orm, 'organisation-tally')) === c3.position);

    list.failOn = undefined;
    await runner.waitFor(c3.position);
    const rows = await certificateRows(orm);
    expect(rows.map((r) => [r.id, r.eventCount])).toEqual([
      ['c1', 1],
      ['c2', 1],
      ['c3', 1],
    ]);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(c3.position);
  });

  it('on a failure while catching up, keeps what precedes the failing event and resumes after the fix', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [
      issued('c1', 'org-a', ['a.example']),
      issued('c2', 'org-a', ['b.example']),
      issued('c3', 'org-b', ['c.example']),
      revoked('c1'),
    ]);
    const { runner, list, logger } = h.runner(orm);
    list.failOn = log[2].id;
    await runner.start();

    // First attempt: the whole page rolls back. Second: the events before the fault commit on their own.
    await until(() => logger.errors.length >= 2);
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1', 'c2']);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(log[1].position);

    list.failOn = undefined;
    await runner.waitFor(log[3].position);
    expect((await certificateRows(orm)).map((r) => [r.id, r.status, r.eventCount])).toEqual([
      ['c1', 'revoked', 2],
      ['c2', 'issued', 1],
      ['c3', 'issued', 1],
    ]);
  });

  it('an event that keeps failing is parked, named in the log, and the projection goes on past it; retryFaults applies it after the fix', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [
      issued('c1', 'org-a', ['a.example']),
      issued('c2', 'org-a', ['b.example']),
      issued('c3', 'org-b', ['c.example']),
      revoked('c1'),
    ]);
    const { runner, list, logger } = h.runner(orm, { maxAttempts: 3 });
    list.failOn = log[1].id;
    await runner.start();

    // Readers are not held up for good: the event is parked after its third failure and the rest applies.
    await runner.waitFor(log[3].position);
    expect((await certificateRows(orm)).map((r) => [r.id, r.status])).toEqual([
      ['c1', 'revoked'],
      ['c3', 'issued'],
    ]);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(log[3].position);
    expect(await tallyRows(orm)).toEqual([
      { organisationId: 'org-a', issued: 2 },
      { organisationId: 'org-b', issued: 1 },
    ]);
    const [fault] = await faultRows(orm);
    expect(fault).toMatchObject({
      projection: 'certificate-list',
      position: log[1].position.toString(),
      eventId: log[1].id,
      streamId: 'certificate-c2',
      eventType: 'CertificateIssued',
      error: `injected fault on ${log[1].id}`,
      attempts: 3,
    });
    expect(await faultRows(orm)).toHaveLength(1);
    expect(fault.lastSeenAt.getTime()).toBeGreaterThanOrEqual(fault.firstSeenAt.getTime());
    const parked = logger.errorMessages.find((m) => m.includes('PARKED'));
    expect(parked).toContain(`CertificateIssued ${log[1].id} of stream certificate-c2 at position ${log[1].position}`);
    expect(parked).toContain("retryFaults('certificate-list')");

    // A restart does not meet it again.
    await runner.stop();
    const again = h.runner(orm, { maxAttempts: 3 });
    again.list.failOn = log[1].id;
    await again.runner.start();
    await again.runner.caughtUp();
    expect(again.list.applications).toBe(0);

    // Still broken: kept, one more attempt counted. Fixed: applied, and the fault is gone.
    const still = await again.runner.retryFaults('certificate-list');
    expect([still.fixed.length, still.failing.map((f) => f.attempts)]).toEqual([0, [4]]);
    expect((await faultRows(orm))[0].attempts).toBe(4);
    again.list.failOn = undefined;
    const fixed = await again.runner.retryFaults('certificate-list');
    expect([fixed.fixed.map((f) => f.eventId), fixed.failing]).toEqual([[log[1].id], []]);
    expect(await faultRows(orm)).toEqual([]);
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);
    await expect(again.runner.retryFaults('nope')).rejects.toThrow('no projection named nope');
  });

  it('a failing database is waited for, never parked: its errors are not the event\'s fault', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [issued('c1', 'org-a', ['a.example']), issued('c2', 'org-b', ['b.example'])]);
    const { runner, list, logger } = h.runner(orm, { maxAttempts: 2 });
    list.failOn = log[0].id;
    list.failWith = (id) => new ConnectionException(new Error(`connection lost while applying ${id}`));
    await runner.start();
    await until(() => logger.errors.length >= 4);
    expect(await faultRows(orm)).toEqual([]);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBeUndefined();
    list.failOn = undefined;
    await runner.waitFor(log[1].position);
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1', 'c2']);
  });

  it('per-batch flush: a row that can never be written is parked and the batch\'s other rows are written', async () => {
    const orm = await h.openOrm();
    const projection = new BatchedCertificateListProjection();
    const runner = new ProjectionRunner({ orm, store: h.store, projections: [projection], logger: new CapturingLogger(), retryDelayMs: 20, maxAttempts: 2 });
    await runner.start();
    let log;
    try {
      const [first] = await appendAll(h.store, [issued('c1', 'org-a', ['a.example'])]);
      await runner.waitFor(first.position);
      // c2's row clashes with c1's, which only the flush at the batch's end finds out.
      projection.duplicateOf.set('c2', 'c1');
      log = await appendAll(h.store, [issued('c2', 'org-a', ['b.example']), issued('c3', 'org-b', ['c.example'])]);
      await runner.waitFor(log[2].position);
    } finally {
      await runner.stop();
    }
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1', 'c3']);
    expect((await faultRows(orm)).map((f) => [f.eventId, f.attempts])).toEqual([[log[1].id, 2]]);
  });

  it('a reader that names the projections it reads is not held up by another one that fails', async () => {
    const orm = await h.openOrm();
    const { runner, list } = h.runner(orm);
    await runner.start();
    const faulty = issued('c1', 'org-a', ['a.example']);
    const { position } = await h.store.appendToStream('certificate-c1', [faulty], 'no_stream');
    list.failOn = (await h.store.readAll({ maxCount: 1 }))[0].id;
    await runner.waitFor(position, { projections: ['organisation-tally'] });
    await runner.caughtUp({ projections: ['organisation-tally'] });
    expect(await tallyRows(orm)).toEqual([{ organisationId: 'org-a', issued: 1 }]);
    await expect(runner.waitFor(position, { timeoutMs: 100 })).rejects.toThrow(/behind: certificate-list at none/);
    await expect(runner.caughtUp({ projections: ['unknown'] })).rejects.toThrow('no projection named unknown');
  });

  it('rebuild replays into exactly the rows of the incremental run, and leaves other projections alone', async () => {
    const orm = await h.openOrm();
    const { runner, list, tally } = h.runner(orm, { batchSize: 7 });
    await runner.start();
    // Incremental: live events, one transaction each.
    let last = 0n;
    for (let i = 0; i < 25; i++) {
      const id = `c${String(i).padStart(2, '0')}`;
      const events = [issued(id, `org-${i % 4}`, [`${id}.example`, `www.${id}.example`], 1 + (i % 9))];
      if (i % 3 === 0) events.push(revoked(id, 12));
      ({ position: last } = await h.store.appendToStream(`certificate-${id}`, events, 'no_stream'));
      if (i % 5 === 0) ({ position: last } = await h.store.appendToStream('subscription-x', [unrelated()], 'any'));
    }
    await runner.waitFor(last);
    const incremental = await certificateRows(orm);
    const tallies = await tallyRows(orm);
    expect(incremental).toHaveLength(25);

    // Damage the table, so that a rebuild which does not delete or does not replay shows.
    const em = orm.em.fork();
    await em.nativeUpdate(CertificateListItemSchema, { id: 'c00' }, { status: 'tampered' });
    await em.nativeDelete(CertificateListItemSchema, { id: 'c01' });
    const listApplications = list.applications;
    const tallyApplications = tally.applications;

    await runner.rebuild('certificate-list');

    expect(await certificateRows(orm)).toEqual(incremental);
    expect(list.applications - listApplications).toBe(25 + 9); // issued + revoked events, once each
    expect(tally.applications).toBe(tallyApplications);
    expect(await tallyRows(orm)).toEqual(tallies);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(last);

    // The tally accumulates across events, which a page of several events per transaction must not upset.
    await runner.rebuild('organisation-tally');
    expect(tally.applications - tallyApplications).toBe(25);
    expect(await tallyRows(orm)).toEqual(tallies);

    // Still live after the rebuild.
    const next = await h.store.appendToStream('certificate-c99', [issued('c99', 'org-9', ['z.example'])], 'no_stream');
    await runner.waitFor(next.position);
    expect(await certificateRows(orm)).toHaveLength(26);
  });

  it('rebuilds a stopped runner offline, replaying to the head', async () => {
    const orm = await h.openOrm();
    const log = await appendAll(h.store, [issued('c1', 'org-a', ['a.example']), revoked('c1')]);
    const { runner, list } = h.runner(orm);
    await runner.rebuild('certificate-list');
    expect((await certificateRows(orm)).map((r) => [r.id, r.status])).toEqual([['c1', 'revoked']]);
    expect(list.applications).toBe(2);
    expect(await storedCheckpoint(orm, 'certificate-list')).toBe(log[1].position);
    await expect(runner.rebuild('nope')).rejects.toThrow('no projection named nope');
  });

  it('waitFor resolves once every projection has the event, and times out with the laggards named', async () => {
    const orm = await h.openOrm();
    const { runner } = h.runner(orm);
    await runner.start();
    const { position } = await h.store.appendToStream('certificate-c1', [issued('c1', 'org-a', ['a.example'])], 'no_stream');
    await runner.waitFor(position);
    // Read-your-writes: no polling needed after waitFor.
    expect((await certificateRows(orm)).map((r) => r.id)).toEqual(['c1']);
    expect(await tallyRows(orm)).toEqual([{ organisationId: 'org-a', issued: 1 }]);
    await runner.waitFor(position - 1n, 10); // already passed: resolves at once

    const started = Date.now();
    const beyond = runner.waitFor(position + 1n, 100);
    await expect(beyond).rejects.toBeInstanceOf(ProjectionWaitTimeoutError);
    await expect(beyond).rejects.toThrow(`certificate-list at ${position}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('live events that arrive together share a transaction; an event someone waits for does not wait', async () => {
    const orm = await h.openOrm();
    const { runner } = h.runner(orm, { liveDelayMs: 300 });
    await runner.start();
    const transactions = jest.spyOn(orm.em, 'fork');
    const appended = [];
    for (let i = 0; i < 20; i++) {
      appended.push(await h.store.appendToStream(`certificate-b${i}`, [issued(`b${i}`, 'org-a', ['a.example'])], 'no_stream'));
      await new Promise((r) => setTimeout(r, 5)); // one by one, as requests arrive
    }
    await runner.waitFor(appended[19].position, 5_000);
    expect(await certificateRows(orm)).toHaveLength(20);
    // One fork per transaction and projection; at most a few batches for 20 events, not 20 each.
    expect(transactions.mock.calls.length).toBeLessThanOrEqual(6);
    transactions.mockRestore();

    await runner.stop();
    const { runner: slow } = h.runner(orm, { liveDelayMs: 60_000 });
    await slow.start();
    const { position } = await h.store.appendToStream('certificate-w', [issued('w', 'org-a', ['a.example'])], 'no_stream');
    await slow.waitFor(position, 2_000); // applied at once for the waiter, not after a minute
    expect((await certificateRows(orm)).map((r) => r.id)).toContain('w');
  });

  it('resumes from the checkpoint after a restart without applying anything twice', async () => {
    const orm = await h.openOrm();
    const first = h.runner(orm);
    await first.runner.start();
    const log = await appendAll(h.store, [
      issued('c1', 'org-a', ['a.example']),
      issued('c2', 'org-b', ['b.example']),
      revoked('c2'),
    ]);
    await first.runner.waitFor(log[2].position);
    await first.runner.stop();
    expect(first.list.applications).toBe(3);

    // A new process: new ORM, new projection instances.
    const orm2 = await h.openOrm();
    const second = h.runner(orm2);
    const readAll = jest.spyOn(h.store, 'readAll');
    await second.runner.start();
    const c3 = await h.store.appendToStream('certificate-c3', [issued('c3', 'org-a', ['c.example'])], 'no_stream');
    await second.runner.waitFor(c3.position);

    // It read on from the checkpoint, not from the start of the log.
    expect(readAll.mock.calls[0][0].after).toBe(log[2].position);
    expect(second.list.applications).toBe(1);
    expect(second.tally.applications).toBe(1);
    expect((await certificateRows(orm2)).map((r) => [r.id, r.eventCount])).toEqual([
      ['c1', 1],
      ['c2', 2],
      ['c3', 1],
    ]);
    expect(await tallyRows(orm2)).toEqual([
      { organisationId: 'org-a', issued: 2 },
      { organisationId: 'org-b', issued: 1 },
    ]);
  });

  it('two runners on one database never apply an event twice', async () => {
    const ormA = await h.openOrm();
    const ormB = concurrentOrms ? await h.openOrm() : ormA;
    const a = h.runner(ormA, { batchSize: 3 });
    const b = h.runner(ormB, { batchSize: 3 });
    await Promise.all([a.runner.start(), b.runner.start()]);
    let last = 0n;
    for (let i = 0; i < 15; i++) {
      ({ position: last } = await h.store.appendToStream(`certificate-d${i}`, [issued(`d${i}`, 'org-a', ['x'])], 'no_stream'));
    }
    await Promise.all([a.runner.waitFor(last), b.runner.waitFor(last)]);
    const rows = await certificateRows(ormA);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.eventCount === 1)).toBe(true);
    expect(await tallyRows(ormA)).toEqual([{ organisationId: 'org-a', issued: 15 }]);
  });
}
