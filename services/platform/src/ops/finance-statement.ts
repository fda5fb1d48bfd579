import { currentTermStart, usageHistory } from '@platform/billing';
import type { Billing } from '@platform/contracts';
import { type ChainBreak, type RecordedEvent, canonicalJson, verifyStream } from '@platform/event-store';

/**
 * A finance statement: one organisation's usage in one term, as billing's own usage history defines
 * it (`usageHistory`, the same code behind GET …/subscription/usage), with the evidence it was built
 * from: the subscription stream's last event (position, revision, chain hash) and the chain recomputed
 * from the genesis hash up to it. Deleting a stream's newest events leaves a valid, shorter chain that
 * `audit verify` cannot tell from the original; the published head is what catches it.
 */
export const STATEMENT_FORMAT = 'finance-statement/v1';

export interface StatementEvidence {
  service: 'billing';
  streamId: string;
  /** global position of the last event used (a string: positions are 64-bit) */
  position: string;
  revision: number;
  eventId: string;
  /** its chain hash (hex) */
  hash: string;
  /** the chain was recomputed over these events, from the genesis hash, and held */
  chain: { verifiedFrom: 'genesis'; events: number };
}

export interface FinanceStatement {
  format: typeof STATEMENT_FORMAT;
  organisationId: string;
  termStart: string;
  rows: Billing.UsageEntry[];
  totals: { issued: number; refunded: number; invoicedPence: number };
  evidence: StatementEvidence;
}

/** The term's rows and totals from the subscription's events: billing's usage history, one term of it. */
export function usageOfTerm(events: RecordedEvent[], termStart: string): Pick<FinanceStatement, 'rows' | 'totals'> {
  const [term] = usageHistory(events, termStart);
  return { rows: term?.entries ?? [], totals: { issued: term?.issued ?? 0, refunded: term?.refunded ?? 0, invoicedPence: term?.invoicedPence ?? 0 } };
}

/**
 * The statement of `termStart` (default: the term the subscription is in) from the whole stream as
 * read; refused (`broken`) when the stream's own chain does not hold, as no statement should rest on it.
 */
export function buildStatement(
  organisationId: string,
  events: RecordedEvent[],
  termStart?: string,
): { statement: FinanceStatement } | { broken: ChainBreak } | { missing: string } {
  const { head, broken } = verifyStream(events);
  if (broken) return { broken };
  const term = termStart ?? currentTermStart(events);
  if (!head || !term) return { missing: `organisation ${organisationId} has no subscription` };
  return {
    statement: {
      format: STATEMENT_FORMAT,
      organisationId,
      termStart: term,
      ...usageOfTerm(events, term),
      evidence: {
        service: 'billing',
        streamId: head.streamId,
        position: head.position.toString(),
        revision: head.revision,
        eventId: head.id,
        hash: head.hash,
        chain: { verifiedFrom: 'genesis', events: events.length },
      },
    },
  };
}

/**
 * What no longer holds of a statement against the stream as it is now (empty: it holds). Events
 * appended after the statement do not matter: only those up to its evidence's revision are used.
 */
export function statementDifferences(statement: FinanceStatement, stream: RecordedEvent[]): string[] {
  const { evidence } = statement;
  const used = stream.filter((e) => e.revision <= evidence.revision);
  const { head, broken } = verifyStream(used);
  if (broken) return [`${broken.streamId} revision ${broken.revision} (event ${broken.eventId}, position ${broken.position}): ${broken.reason}`];
  if (!head || head.revision < evidence.revision)
    return [
      `${evidence.streamId} revision ${evidence.revision} (event ${evidence.eventId}) is missing: the stream ends at ${head ? `revision ${head.revision}` : 'nothing'}; events were deleted`,
    ];
  const differences: string[] = [];
  if (head.hash !== evidence.hash || head.id !== evidence.eventId)
    differences.push(`${evidence.streamId} revision ${evidence.revision}: event ${head.id} with hash ${head.hash}, the statement has event ${evidence.eventId} with hash ${evidence.hash}`);
  const now = usageOfTerm(used, statement.termStart);
  const rows = Math.max(now.rows.length, statement.rows.length);
  for (let i = 0; i < rows; i++) {
    const [was, is] = [statement.rows[i], now.rows[i]];
    if (was !== undefined && is !== undefined && canonicalJson(was) === canonicalJson(is)) continue;
    differences.push(
      was === undefined ? `row ${i + 1} is missing from the statement: ${canonicalJson(is)}` : is === undefined ? `row ${i + 1} is not in the events: ${canonicalJson(was)}` : `row ${i + 1} differs: the statement has ${canonicalJson(was)}, the events give ${canonicalJson(is)}`,
    );
  }
  if (canonicalJson(now.totals) !== canonicalJson(statement.totals))
    differences.push(`totals differ: the statement has ${canonicalJson(statement.totals)}, the events give ${canonicalJson(now.totals)}`);
  return differences;
}
