/**
 * Issue 18, defect 4: a request is recorded before its unit is reserved, with an owner's lease, so a
 * resumer can finish or end it after a crash; the expected-revision appends and the lease fence it.
 */
import { deciderSpec } from '@platform/testing';
import { certificateDecider } from './certificate.decider';
import type { CertificateRequestData, CertificateStreamEvent } from './certificate.events';
import { issuedCertificate } from './certificate.fixtures';

const spec = deciderSpec(certificateDecider);
const T0 = new Date('2026-12-07T03:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 20_000;
const request: CertificateRequestData = {
  certificateId: 'c1',
  organisationId: 'o1',
  requestedBy: 'a1',
  requestId: 'key-1',
  csr: 'csr pem',
  publicKeySha256: 'ab',
  certificateType: 'ov-ssl',
  subject: { organisation: 'University of Example', country: 'GB' },
  requestedAt: T0.toISOString(),
};
const requested = (owner = 'instance-a'): CertificateStreamEvent => ({
  type: 'CertificateRequested',
  data: { ...request, lease: { owner, until: later(LEASE).toISOString() } },
});
const failed = (unitHeld: boolean): CertificateStreamEvent => ({
  type: 'CertificateRequestFailed',
  data: { certificateId: 'c1', organisationId: 'o1', code: 'TIMEOUT', message: 'no answer', failedAt: T0.toISOString(), unitHeld },
});
const record = (owner: string, at = T0) => ({ type: 'RecordRequest', request, owner, at, leaseMs: LEASE }) as const;
const issue = (owner?: string) => ({ type: 'RecordIssuedCertificate', certificate: issuedCertificate(), owner }) as const;

describe('certificate request (recorded before the unit is reserved)', () => {
  it('is recorded with everything needed to finish it and its owner\'s lease', () => {
    expect(spec.given([]).when(record('instance-a')).events).toEqual([requested('instance-a')]);
  });

  it('a second request with the same id while the first runs is told it is in progress, with a retry hint', () => {
    const { error } = spec.given([requested()]).when(record('instance-b'));
    expect(error).toMatchObject({ code: 'REQUEST_IN_PROGRESS', details: { requestId: 'key-1', retryAfterSeconds: 2 } });
  });

  it('a failed request may be made again once it holds no unit; not while its unit is still to be given back', () => {
    expect(spec.given([requested(), failed(false)]).when(record('instance-b', later(1_000))).events?.[0].type).toBe('CertificateRequested');
    expect(spec.given([requested(), failed(true)]).when(record('instance-b')).error?.code).toBe('REQUEST_IN_PROGRESS');
  });

  it('is resumed by another instance only once its lease has run out', () => {
    const resume = (at: Date) => ({ type: 'ResumeRequest', owner: 'instance-b', at, leaseMs: LEASE }) as const;
    expect(spec.given([requested()]).when(resume(later(LEASE - 1))).events).toEqual([]);
    expect(spec.given([requested()]).when(resume(later(LEASE))).events).toEqual([
      {
        type: 'CertificateRequestResumed',
        data: { certificateId: 'c1', lease: { owner: 'instance-b', until: later(2 * LEASE).toISOString() }, resumedAt: later(LEASE).toISOString() },
      },
    ]);
    expect(spec.given([requested(), { type: 'CertificateIssued', data: issuedCertificate() }]).when(resume(later(LEASE))).events).toEqual([]);
  });

  it('only the lease\'s owner records the certificate or the failure (the fence after a takeover)', () => {
    const resumed: CertificateStreamEvent = {
      type: 'CertificateRequestResumed',
      data: { certificateId: 'c1', lease: { owner: 'instance-b', until: later(2 * LEASE).toISOString() }, resumedAt: later(LEASE).toISOString() },
    };
    const given = spec.given([requested('instance-a'), resumed]);
    expect(given.when(issue('instance-a')).error?.code).toBe('REQUEST_LEASE_LOST');
    expect(given.when({ type: 'FailRequest', owner: 'instance-a', code: 'X', message: 'x', at: T0, unitHeld: false }).error?.code).toBe('REQUEST_LEASE_LOST');
    expect(given.when(issue('instance-b')).events?.map((e) => e.type)).toEqual(['CertificateIssued']);
  });

  it('records a failure and, when its unit could not be given back, the unit returned later, once', () => {
    const fail = spec.given([requested()]).when({ type: 'FailRequest', owner: 'instance-a', code: 'TIMEOUT', message: 'no answer', at: T0, unitHeld: true });
    expect(fail.events).toEqual([failed(true)]);
    const returned = spec.given([requested(), failed(true)]).when({ type: 'RecordUnitReturned', at: later(5_000) });
    expect(returned.events).toEqual([{ type: 'CertificateRequestUnitReturned', data: { certificateId: 'c1', returnedAt: later(5_000).toISOString() } }]);
    expect(spec.given([requested(), failed(true), ...returned.events!]).when({ type: 'RecordUnitReturned', at: later(6_000) }).events).toEqual([]);
    expect(spec.given([requested(), failed(false)]).when({ type: 'RecordUnitReturned', at: later(6_000) }).events).toEqual([]);
  });

  it('a request is no certificate: it cannot be revoked', () => {
    const revoke = { type: 'RevokeCertificate', reason: 'superseded', at: T0, by: 'a1', byOperator: false } as const;
    expect(spec.given([requested()]).when(revoke).error?.code).toBe('CERTIFICATE_NOT_FOUND');
    expect(spec.given([requested(), failed(false)]).when(revoke).error?.code).toBe('CERTIFICATE_NOT_FOUND');
  });
});
