import { deciderSpec } from '@platform/testing';
import { type Authz, type OrderEvent, orderDecider } from './order.decider';

const authz = (name: string, status: Authz['status'], wildcard = false): Authz => ({ name, wildcard, status, token: `t-${name}` });
const created = (...authorizations: Authz[]): OrderEvent => ({
  type: 'AcmeOrderCreated',
  data: {
    orderId: 'o-1',
    accountId: 'a-1',
    identifiers: authorizations.map((a) => (a.wildcard ? `*.${a.name}` : a.name)),
    authorizations,
    createdAt: '2026-11-26T00:00:00.000Z',
    expires: '2026-12-03T00:00:00.000Z',
  },
});
const at = '2026-11-26T00:01:00.000Z';

describe('ACME order', () => {
  const spec = deciderSpec(orderDecider);

  it('is ready at once when every name was validated beforehand, pending otherwise', () => {
    expect(spec.given([created(authz('www.example.ac.uk', 'valid'))]).state).toMatchObject({ status: 'ready' });
    expect(spec.given([created(authz('www.example.ac.uk', 'valid'), authz('new.example.ac.uk', 'pending'))]).state).toMatchObject({ status: 'pending' });
  });

  it('becomes ready when its last pending authorization is validated by a challenge, and records which', () => {
    const given = [created(authz('www.example.ac.uk', 'valid'), authz('new.example.ac.uk', 'pending'))];
    const { events } = spec.given(given).when({ type: 'ValidateAuthorization', index: 1, challenge: 'dns-01', at });
    expect(events).toEqual([{ type: 'AcmeAuthorizationValidated', data: { index: 1, challenge: 'dns-01', at } }]);
    const after = spec.given([...given, ...events!]).state;
    expect(after).toMatchObject({ status: 'ready', authorizations: [{ status: 'valid' }, { status: 'valid', validatedBy: 'dns-01' }] });
  });

  it('turns invalid with the reason when a challenge fails, and a second answer changes nothing', () => {
    const given = [created(authz('new.example.ac.uk', 'pending'))];
    const { events } = spec.given(given).when({ type: 'InvalidateAuthorization', index: 0, challenge: 'http-01', detail: 'HTTP 404', at });
    const after = spec.given([...given, ...events!]);
    expect(after.state).toMatchObject({ status: 'invalid', authorizations: [{ status: 'invalid', error: { challenge: 'http-01', detail: 'HTTP 404' } }] });
    expect(after.when({ type: 'ValidateAuthorization', index: 0, challenge: 'dns-01', at }).events).toEqual([
      { type: 'AcmeAuthorizationValidated', data: { index: 0, challenge: 'dns-01', at } },
    ]);
    expect(after.when({ type: 'InvalidateAuthorization', index: 0, challenge: 'dns-01', detail: 'x', at }).events).toEqual([]);
  });

  it('is finalized only when ready, once; a pending order says to complete its challenges', () => {
    const pending = spec.given([created(authz('new.example.ac.uk', 'pending'))]).when({ type: 'RecordIssued', certificateId: 'c-1', at });
    expect(pending.error).toMatchObject({ code: 'ACME_ORDER_NOT_READY', message: expect.stringContaining('challenge') });
    const ready = [created(authz('www.example.ac.uk', 'valid'))];
    const issued = spec.given(ready).when({ type: 'RecordIssued', certificateId: 'c-1', at });
    expect(issued.events).toEqual([{ type: 'AcmeOrderIssued', data: { certificateId: 'c-1', at } }]);
    const valid = spec.given([...ready, ...issued.events!]);
    expect(valid.state).toMatchObject({ status: 'valid', certificateId: 'c-1' });
    expect(valid.when({ type: 'RecordIssued', certificateId: 'c-2', at }).events).toEqual([]);
  });

  it('records a refused finalize as invalid with its code', () => {
    const { events } = spec.given([created(authz('www.example.ac.uk', 'valid'))]).when({ type: 'RecordFailed', code: 'ALLOWANCE_EXHAUSTED', detail: 'used up', at });
    expect(events).toEqual([{ type: 'AcmeOrderFailed', data: { code: 'ALLOWANCE_EXHAUSTED', detail: 'used up', at } }]);
  });

  it('lets one finalize run at a time: processing while it runs, ready again when the CSR was at fault', () => {
    const ready = [created(authz('www.example.ac.uk', 'valid'))];
    const start = spec.given(ready).when({ type: 'StartFinalizing', at, csr: 'pem' });
    expect(start.events).toEqual([{ type: 'AcmeOrderProcessing', data: { at, csr: 'pem' } }]);
    const processing = spec.given([...ready, ...start.events!]);
    expect(processing.state).toMatchObject({ status: 'processing' });
    expect(processing.when({ type: 'StartFinalizing', at, csr: 'pem' }).events).toEqual([]);
    const aborted = processing.when({ type: 'AbortFinalizing', code: 'CSR_SIGNATURE_INVALID', at });
    expect(spec.given([...ready, ...start.events!, ...aborted.events!]).state).toMatchObject({ status: 'ready' });
    expect(spec.given([created(authz('new.example.ac.uk', 'pending'))]).when({ type: 'StartFinalizing', at, csr: 'pem' }).error).toMatchObject({
      code: 'ACME_ORDER_NOT_READY',
    });
  });

  it('lets one taker resume an issuance processing since before the stale mark, with the CSR it kept', () => {
    const since = '2026-11-26T10:00:00.000Z';
    const processing = [created(authz('www.example.ac.uk', 'valid')), { type: 'AcmeOrderProcessing' as const, data: { at: since, csr: 'pem' } }];
    const resume = (staleBefore: string) => spec.given(processing).when({ type: 'ResumeFinalizing', at: '2026-11-26T10:05:00.000Z', staleBefore });
    expect(resume('2026-11-26T09:59:00.000Z').events).toEqual([]); // still fresh
    const taken = resume('2026-11-26T10:03:00.000Z');
    expect(taken.events).toEqual([{ type: 'AcmeOrderProcessing', data: { at: '2026-11-26T10:05:00.000Z', csr: 'pem' } }]);
    // The taker's event makes it fresh again: a second instance with the same mark does nothing.
    expect(spec.given([...processing, ...taken.events!]).when({ type: 'ResumeFinalizing', at: '2026-11-26T10:05:01.000Z', staleBefore: '2026-11-26T10:03:00.000Z' }).events).toEqual([]);
    // An order that records no CSR (processing before 2026-11) cannot be resumed.
    const legacy = [created(authz('www.example.ac.uk', 'valid')), { type: 'AcmeOrderProcessing' as const, data: { at: since } }];
    expect(spec.given(legacy).when({ type: 'ResumeFinalizing', at: '2026-11-26T10:05:00.000Z', staleBefore: '2026-11-26T10:03:00.000Z' }).events).toEqual([]);
  });
});
