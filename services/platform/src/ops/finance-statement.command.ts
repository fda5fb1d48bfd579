import { readFileSync, writeFileSync } from 'node:fs';
import { subscriptionStream } from '@platform/billing';
import { Billing } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { csvRecord } from '@platform/kernel';
import type { PlatformConfig } from '@platform/runtime';
import { type FinanceStatement, STATEMENT_FORMAT, buildStatement, statementDifferences } from './finance-statement';
import { OpsError, openServiceStore } from './ops-stores';

/** CSV columns: the usage entry's fields, in the contract's order. */
const CSV_COLUMNS = Object.keys(Billing.UsageEntrySchema.shape) as (keyof Billing.UsageEntry)[];

export interface StatementOptions {
  organisation: string;
  term?: string;
  format: 'json' | 'csv';
  /** CSV: where the whole statement (rows and evidence) goes as JSON, the document verify-statement reads */
  evidence?: string;
}

/** The subscription stream of an organisation, read from billing's store (read-only). */
async function subscriptionEvents(config: PlatformConfig, organisationId: string, report: (line: string) => void): Promise<RecordedEvent[]> {
  const store = await openServiceStore('billing', config, report);
  if (!store) throw new OpsError('billing keeps no event store here: set DATA_DIR (or EVENT_STORE and its URL) as the platform does');
  try {
    return await store.readStream(subscriptionStream(organisationId));
  } finally {
    await store.close();
  }
}

/**
 * `ops finance statement`: the usage of one organisation's term with its evidence. JSON: one document
 * on standard output. CSV: the rows on standard output, the JSON document in `--evidence <file>`.
 * Returns false (exit 1) when the stream's chain does not hold or there is no subscription.
 */
export async function financeStatement(config: PlatformConfig, options: StatementOptions, write: (text: string) => void, report: (line: string) => void): Promise<boolean> {
  if (options.term !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.term)) throw new OpsError(`--term must be the term's first day as YYYY-MM-DD, not "${options.term}"`);
  if (options.format === 'csv' && !options.evidence) throw new OpsError('--format csv needs --evidence <file> for the statement the rows can be verified against');
  const built = buildStatement(options.organisation, await subscriptionEvents(config, options.organisation, report), options.term);
  if ('broken' in built) {
    const b = built.broken;
    report(`no statement: ${b.streamId} revision ${b.revision} (event ${b.eventId}, position ${b.position}): ${b.reason}`);
    return false;
  }
  if ('missing' in built) {
    report(`no statement: ${built.missing}`);
    return false;
  }
  const { statement } = built;
  const document = `${JSON.stringify(statement, null, 2)}\n`;
  if (options.format === 'json') write(document);
  else {
    writeFileSync(options.evidence!, document);
    write(csvRecord(CSV_COLUMNS));
    for (const row of statement.rows) write(csvRecord(CSV_COLUMNS.map((c) => row[c])));
  }
  const e = statement.evidence;
  report(`${statement.rows.length} rows of term ${statement.termStart}; evidence: ${e.streamId} revision ${e.revision} at position ${e.position}, hash ${e.hash}`);
  return true;
}

/** `ops finance verify-statement <file>`: the differences between a statement and the store now (none: it holds). */
export async function financeVerifyStatement(config: PlatformConfig, file: string, report: (line: string) => void): Promise<string[]> {
  let statement: FinanceStatement;
  try {
    statement = JSON.parse(readFileSync(file, 'utf8')) as FinanceStatement;
  } catch (error) {
    throw new OpsError(`${file} is not a statement: ${(error as Error).message}`);
  }
  const e = statement?.evidence;
  if (statement?.format !== STATEMENT_FORMAT || !e || typeof e.streamId !== 'string' || !Number.isInteger(e.revision) || !Array.isArray(statement.rows))
    throw new OpsError(`${file} is not a ${STATEMENT_FORMAT} statement (ops finance statement writes one)`);
  if (e.streamId !== subscriptionStream(statement.organisationId)) return [`the evidence names stream ${e.streamId}, not the organisation's ${subscriptionStream(statement.organisationId)}`];
  return statementDifferences(statement, await subscriptionEvents(config, statement.organisationId, report));
}
