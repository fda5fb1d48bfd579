import { GENESIS_HASH, type RecordedEvent, chainHashes } from '@platform/event-store';
import { buildStatement, statementDifferences } from './finance-statement';

/** A subscription stream as a store gives it back, chained: start, two certificates, one refunded. */
const stream = (): RecordedEvent[] => {
  const org = 'org-1';
  const events = [
    { type: 'SubscriptionStarted', data: { organisationId: org, usageClass: 'A', allowance: 50, member: true, pricePence: 50_000, termStart: '2026-11-01', termEnd: '2027-11-01' } },
    { type: 'CertificateCounted', data: { certificateId: 'c1', termStart: '2026-11-01', issuedAt: '2026-12-01T10:00:00.000Z' } },
    { type: 'CertificateCounted', data: { certificateId: 'c2', termStart: '2026-11-01', issuedAt: '2026-12-01T11:00:00.000Z' } },
    { type: 'CertificateRefunded', data: { certificateId: 'c2', termStart: '2026-11-01', issuedAt: '2026-12-01T11:00:00.000Z', revokedAt: '2026-12-04T11:00:00.000Z', hoursSinceIssuance: 72 } },
  ].map((e, i) => ({ ...e, streamId: `subscription-${org}`, id: `e${i}`, metadata: { correlationId: 'c', occurredAt: `2026-12-0${i + 1}T12:00:00.000Z`, actor: 'rao-1' } }));
  const hashes = chainHashes(GENESIS_HASH, 0, events);
  return events.map((e, i) => ({ ...e, revision: i, position: BigInt(100 + i), hash: hashes[i].toString('hex') }));
};

const statementOf = (events: RecordedEvent[]) => {
  const built = buildStatement('org-1', events);
  if (!('statement' in built)) throw new Error('no statement');
  return built.statement;
};

describe('finance statement', () => {
  it("has the current term's rows and totals from billing's usage history and the stream's head as evidence", () => {
    const statement = statementOf(stream());
    expect(statement.termStart).toBe('2026-11-01');
    expect(statement.rows.map((r) => [r.kind, r.certificateId])).toEqual([['issued', 'c1'], ['issued', 'c2'], ['refunded', 'c2']]);
    expect(statement.totals).toEqual({ issued: 2, refunded: 1, invoicedPence: 0 });
    expect(statement.evidence).toEqual({ service: 'billing', streamId: 'subscription-org-1', position: '103', revision: 3, eventId: 'e3', hash: stream()[3].hash, chain: { verifiedFrom: 'genesis', events: 4 } });
    expect(buildStatement('org-1', stream(), '2025-11-01')).toMatchObject({ statement: { rows: [], totals: { issued: 0 } } });
  });

  it('holds against the same stream, and against one that grew since', () => {
    const statement = statementOf(stream().slice(0, 3));
    expect(statementDifferences(statement, stream().slice(0, 3))).toEqual([]);
    expect(statementDifferences(statement, stream())).toEqual([]);
  });

  it('names the newest event deleted, though the shorter chain is valid', () => {
    const statement = statementOf(stream());
    expect(statementDifferences(statement, stream().slice(0, 3))).toEqual([
      'subscription-org-1 revision 3 (event e3) is missing: the stream ends at revision 2; events were deleted',
    ]);
  });

  it('names an edited event, and a row the statement changed', () => {
    const statement = statementOf(stream());
    const edited = stream();
    edited[1] = { ...edited[1], data: { ...(edited[1].data as object), certificateId: 'c9' } };
    expect(statementDifferences(statement, edited)).toEqual([expect.stringMatching(/^subscription-org-1 revision 1 \(event e1, position 101\): the event does not match its hash/)]);

    const changed = { ...statement, rows: statement.rows.slice(0, 2), totals: { ...statement.totals, refunded: 0 } };
    expect(statementDifferences(changed, stream())).toEqual([expect.stringMatching(/^row 3 is missing from the statement: .*"kind":"refunded"/), expect.stringMatching(/^totals differ/)]);
  });

  it('refuses to build on a broken chain', () => {
    const events = stream();
    events[2] = { ...events[2], hash: '00'.repeat(32) };
    expect(buildStatement('org-1', events)).toMatchObject({ broken: { revision: 2 } });
  });
});
