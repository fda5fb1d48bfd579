import 'reflect-metadata';
import { Command, Option } from 'commander';
import { loadConfig } from '@platform/runtime';
import { auditVerify } from './audit-verify.command';
import { eventsExport } from './events-export.command';
import { eventsStats } from './events-stats.command';
import { OpsError, chosenStores } from './ops-stores';

/**
 * `npm run ops -- <command>`: the operator's and auditor's tools, against the stores the platform
 * uses (DATA_DIR for the embedded one; EVENT_STORE, DATABASE_URL, EVENTSTOREDB_URL otherwise).
 * Reads only. Exit codes: 0 done, 1 a check failed, 2 a wrong command line or configuration.
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
