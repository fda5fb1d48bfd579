import 'reflect-metadata';
import { Command, Option } from 'commander';
import { loadConfig } from '@platform/runtime';
import { auditVerify } from './audit-verify.command';
import { eventsExport } from './events-export.command';
import { eventsStats } from './events-stats.command';
import { financeStatement, financeVerifyStatement } from './finance-statement.command';
import { OpsError, chosenStores } from './ops-stores';
import { chosenProjections } from './ops-projections';
import { projectionsList, statusTable } from './projections-list.command';
import { projectionsVerify } from './projections-verify.command';
import { type Interruptible, projectionsRebuild } from './projections-rebuild.command';

/**
 * `npm run ops -- <command>`: the operator's and auditor's tools, against the stores the platform
 * uses (DATA_DIR for the embedded one; EVENT_STORE, DATABASE_URL, EVENTSTOREDB_URL otherwise).
 * Reads only, but for `projections rebuild`. Exit codes: 0 done, 1 a check failed, 2 a wrong command line or configuration.
 */
const log = (line: string) => process.stderr.write(`${line}\n`);
const service = new Option('--service <names>', 'comma-separated services (default: every one that keeps events)');

const program = new Command('ops').description('Operations and audit tools of the certificate service platform').exitOverride();

const audit = program.command('audit').description('tamper evidence of the event log');
audit
  .command('verify')
  .description("checks every event's hash chain and reports the first broken link of each store")
  .addOption(service)
  .action(async (options: { service?: string }) => {
    const results = await auditVerify(loadConfig(), chosenStores(options.service), log);
    process.exitCode = results.some((r) => r.broken) ? 1 : 0;
  });

const events = program.command('events').description('the event log, for auditors');
events
  .command('export')
  .description('streams events as NDJSON or CSV to standard output, in log order')
  .addOption(service)
  .option('--stream <id>', 'one stream, e.g. subscription-<organisationId>')
  .option('--category <name>', "streams whose id starts with '<name>-', e.g. certificate")
  .option('--type <type>', 'one event type, e.g. CertificateIssued')
  .option('--from <position|date>', 'from this global position (inclusive) or ISO-8601 date/time')
  .option('--to <position|date>', 'up to this global position (inclusive) or before this ISO-8601 date/time')
  .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
  .action(async (options: { service?: string; stream?: string; category?: string; type?: string; from?: string; to?: string; format: 'ndjson' | 'csv' }) => {
    const { service: names, ...filter } = options;
    const count = await eventsExport(loadConfig(), chosenStores(names), filter, process.stdout, log);
    log(`${count} events exported`);
  });
events
  .command('stats')
  .description('events per service and type, streams, head position and time span')
  .addOption(service)
  .action(async (options: { service?: string }) => {
    await eventsStats(loadConfig(), chosenStores(options.service), (line) => process.stdout.write(`${line}\n`));
  });

const projections = program.command('projections').description('the read models fed by projections');
projections
  .command('list')
  .description('every projection: checkpoint, head, lag in events and seconds, rows per table, parked faults and the last error')
  .option('--service <names>', 'comma-separated services (default: every one with projections)')
  .option('--json', 'JSON instead of a table')
  .action(async (options: { service?: string; json?: boolean }) => {
    const statuses = await projectionsList(loadConfig(), chosenProjections(undefined, options.service), log);
    const print = (line: string) => process.stdout.write(`${line}\n`);
    if (options.json) print(JSON.stringify(statuses, null, 2));
    else statusTable(statuses).forEach(print);
    process.exitCode = statuses.some((s) => s.error) ? 1 : 0;
  });
projections
  .command('verify')
  .description('replays projections into a shadow database up to their live checkpoint and compares it with the live tables row by row')
  .argument('[name]', 'a projection (or <service>/<projection>)')
  .option('--all', 'every projection')
  .option('--service <names>', 'comma-separated services (default: every one with projections)')
  .action(async (name: string | undefined, options: { all?: boolean; service?: string }) => {
    if ((name === undefined) === !options.all) throw new OpsError('name one projection, or pass --all');
    const results = await projectionsVerify(loadConfig(), chosenProjections(name, options.service), (line) => process.stdout.write(`${line}\n`), log);
    process.exitCode = results.every((r) => r.equal) ? 0 : 1;
  });

projections
  .command('rebuild')
  .description('replays projections into a shadow while the live ones keep serving, then swaps it in atomically; Ctrl-C leaves the live ones untouched')
  .argument('[name]', 'a projection (or <service>/<projection>)')
  .option('--all', 'every projection')
  .option('--service <names>', 'comma-separated services (default: every one with projections)')
  .action(async (name: string | undefined, options: { all?: boolean; service?: string }) => {
    if ((name === undefined) === !options.all) throw new OpsError('name one projection, or pass --all');
    const chosen = chosenProjections(name, options.service);
    const interrupt: Interruptible = {};
    // The live tables change only in the swap's transaction, which an exit rolls back: dropping the
    // shadow and the lock is all there is to undo.
    process.once('SIGINT', () => {
      log('interrupted: the live projections are untouched; dropping the shadow');
      const undo = async () => {
        await interrupt.current?.shadow?.dispose().catch(() => undefined);
        await interrupt.current?.release().catch(() => undefined);
      };
      void Promise.race([undo(), new Promise((r) => setTimeout(r, 5_000))]).finally(() => process.exit(130));
    });
    const results = await projectionsRebuild(loadConfig(), chosen, log, interrupt);
    process.exitCode = results.every((r) => r.error === undefined) ? 0 : 1;
  });

const finance = program.command('finance').description("billing's usage, with the hash chain evidence it was built from");
finance
  .command('statement')
  .description("an organisation's usage in one term (its rows and totals) with the subscription stream's head and verified chain")
  .requiredOption('--organisation <id>', 'the organisation')
  .option('--term <termStart>', "the term's first day, YYYY-MM-DD (default: the current term)")
  .addOption(new Option('--format <format>', 'json: one document; csv: the rows, and the JSON document in --evidence').choices(['json', 'csv']).default('json'))
  .option('--evidence <file>', 'with --format csv: where the statement with its evidence is written (what verify-statement reads)')
  .action(async (options: { organisation: string; term?: string; format: 'json' | 'csv'; evidence?: string }) => {
    const ok = await financeStatement(loadConfig(), options, (text) => process.stdout.write(text), log);
    process.exitCode = ok ? 0 : 1;
  });
finance
  .command('verify-statement')
  .description("recomputes a statement's stream chain and rows from the store: exit 1 naming an edited or deleted event or a changed row")
  .argument('<file>', 'a statement written by `finance statement` (JSON)')
  .action(async (file: string) => {
    const differences = await financeVerifyStatement(loadConfig(), file, log);
    const print = (line: string) => process.stdout.write(`${line}\n`);
    if (differences.length === 0) print('ok: the statement holds');
    differences.forEach(print);
    process.exitCode = differences.length === 0 ? 0 : 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const e = error as { code?: string; exitCode?: number; message?: string };
  // commander has printed its own message (unknown option, --help) already.
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2);
  if (error instanceof OpsError || /^invalid configuration/.test(e.message ?? '')) {
    log(`ops: ${e.message}`);
    process.exit(2);
  }
  log(`ops failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
