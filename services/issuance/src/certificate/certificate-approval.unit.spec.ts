/**
 * Issue 12: a certificate request is a record from its submission: held (submitted) → approved →
 * requested → issued, or declined (an approver, with a reason) or refused (a rule, with its code).
 */
import { Issuance } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { deciderSpec } from '@platform/testing';
import { translate } from '../issuance.relay';
import { certificateDecider } from './certificate.decider';
import type { CertificateRequestRefusedData, CertificateRequestSubmittedData, CertificateStreamEvent } from './certificate.events';
import { issuedCertificate } from './certificate.fixtures';
import { toCertificateRequestView } from './certificate-request.view';

const spec = deciderSpec(certificateDecider);
const T0 = new Date('2026-12-07T09:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 20_000;
const request: CertificateRequestSubmittedData = {
  certificateId: 'c1',
  organisationId: 'o1',
  departmentId: 'd1',
  requestedBy: 'drao-1',
  requestedByEmail: 'drao@example.ac.uk',
  requestId: 'key-1',
  csr: 'csr pem',
  publicKeySha256: 'ab',
  certificateType: 'ov-ssl',
  subject: { organisation: 'University of Example', country: 'GB' },
  requestedAt: T0.toISOString(),
  method: 'manual',
  names: ['www.example.ac.uk'],
};
const submitted: CertificateStreamEvent = { type: 'CertificateRequestSubmitted', data: request };
const refusal = (over: Partial<CertificateRequestRefusedData> = {}): CertificateRequestRefusedData => ({
  certificateId: 'c1',
  organisationId: 'o1',
  departmentId: 'd1',
  requestedBy: 'drao-1',
  names: ['www.example.ac.uk'],
  certificateType: 'ov-ssl',
  method: 'manual',
  requestedAt: T0.toISOString(),
  code: 'DOMAIN_NOT_VALIDATED',
  message: 'not validated',
  refusedAt: T0.toISOString(),
  ...over,
});
const approve = (by = 'rao-1', at = later(60_000)) => ({ type: 'ApproveRequest', by, at, request, owner: 'instance-a', leaseMs: LEASE }) as const;
const decline = { type: 'DeclineRequest', by: 'rao-1', reason: 'Use the shared one.', at: later(60_000) } as const;

describe('certificate request lifecycle (approval)', () => {
  it('a held request is recorded whole, with nothing reserved: no lease, so the resumer never picks it up', () => {
    const { events } = spec.given([]).when({ type: 'SubmitRequest', request });
    expect(events).toEqual([submitted]);
    expect(spec.given([submitted]).state).toEqual({ status: 'submitted', request });
    expect(spec.given([submitted]).when({ type: 'ResumeRequest', owner: 'b', at: later(10 * LEASE), leaseMs: LEASE }).events).toEqual([]);
  });

  it('an approval records the approver and, in the same append, the request with the approver\'s lease', () => {
    const { events } = spec.given([submitted]).when(approve());
    expect(events).toEqual([
      { type: 'CertificateRequestApproved', data: { certificateId: 'c1', organisationId: 'o1', approvedBy: 'rao-1', approvedAt: later(60_000).toISOString() } },
      {
        type: 'CertificateRequested',
        data: { ...request, approval: { by: 'rao-1', at: later(60_000).toISOString() }, lease: { owner: 'instance-a', until: later(60_000 + LEASE).toISOString() } },
      },
    ]);
    const state = spec.given([submitted, ...events!]).state;
    expect(state).toMatchObject({ status: 'requested', request: { approval: { by: 'rao-1' } } });
    // From here the usual issuance: the lease's owner records the certificate.
    const issued = spec.given([submitted, ...events!]).when({ type: 'RecordIssuedCertificate', certificate: issuedCertificate(), owner: 'instance-a' });
    expect(issued.events?.map((e) => e.type)).toEqual(['CertificateIssued']);
  });

  it('a declined request ends there: no approval after it, no second decision', () => {
    const { events } = spec.given([submitted]).when(decline);
    expect(events).toEqual([
      { type: 'CertificateRequestDeclined', data: { certificateId: 'c1', organisationId: 'o1', declinedBy: 'rao-1', reason: 'Use the shared one.', declinedAt: later(60_000).toISOString() } },
    ]);
    const declined = spec.given([submitted, ...events!]);
    expect(declined.when(approve()).error).toMatchObject({ code: 'REQUEST_NOT_AWAITING_APPROVAL', details: { requestStatus: 'declined' } });
    expect(declined.when(decline).error?.code).toBe('REQUEST_NOT_AWAITING_APPROVAL');
    // The same request id again: the decision stands.
    expect(declined.when({ type: 'SubmitRequest', request }).error?.code).toBe('REQUEST_DECLINED');
  });

  it('approve and decline act on a held request only', () => {
    expect(spec.given([]).when(approve()).error).toMatchObject({ code: 'REQUEST_NOT_AWAITING_APPROVAL', details: { requestStatus: 'none' } });
    const approved = spec.given([submitted]).when(approve()).events!;
    expect(spec.given([submitted, ...approved]).when(approve('rao-2')).error).toMatchObject({ details: { requestStatus: 'requested' } });
    expect(spec.given([submitted, ...approved]).when(decline).error?.code).toBe('REQUEST_NOT_AWAITING_APPROVAL');
    expect(spec.given([{ type: 'CertificateIssued', data: issuedCertificate() }]).when(decline).error).toMatchObject({ details: { requestStatus: 'issued' } });
  });

  it('a refusal is recorded at submission, at approval, or when billing refuses the unit of a recorded request', () => {
    const refused: CertificateStreamEvent = { type: 'CertificateRequestRefused', data: refusal() };
    expect(spec.given([]).when({ type: 'RefuseRequest', refusal: refusal(), stage: 'submission' }).events).toEqual([refused]);
    expect(spec.given([submitted]).when({ type: 'RefuseRequest', refusal: refusal(), stage: 'approval' }).events).toEqual([refused]);
    const recorded = spec.given([submitted]).when(approve()).events!;
    const unit = refusal({ code: 'ALLOWANCE_EXHAUSTED' });
    expect(spec.given([submitted, ...recorded]).when({ type: 'RefuseRequest', refusal: unit, stage: 'reservation', owner: 'instance-a' }).events).toEqual([
      { type: 'CertificateRequestRefused', data: unit },
    ]);
    expect(spec.given([submitted, ...recorded]).when({ type: 'RefuseRequest', refusal: unit, stage: 'reservation', owner: 'instance-b' }).error?.code).toBe('REQUEST_LEASE_LOST');
    expect(spec.given([submitted, ...recorded, { type: 'CertificateRequestRefused', data: unit }]).state).toEqual({ status: 'refused', refusal: unit });
  });

  it('a refusal that no longer fits (another attempt with the request id got further) records nothing', () => {
    expect(spec.given([submitted]).when({ type: 'RefuseRequest', refusal: refusal(), stage: 'submission' }).events).toEqual([]);
    expect(spec.given([]).when({ type: 'RefuseRequest', refusal: refusal(), stage: 'approval' }).events).toEqual([]);
    expect(spec.given([{ type: 'CertificateIssued', data: issuedCertificate() }]).when({ type: 'RefuseRequest', refusal: refusal(), stage: 'submission' }).events).toEqual([]);
  });

  it('a refused request id may be used again (the rule may pass by then), held or not', () => {
    const refused: CertificateStreamEvent = { type: 'CertificateRequestRefused', data: refusal() };
    expect(spec.given([refused]).when({ type: 'SubmitRequest', request }).events).toEqual([submitted]);
    expect(spec.given([refused]).when({ type: 'RecordRequest', request, owner: 'a', at: T0, leaseMs: LEASE }).events?.map((e) => e.type)).toEqual(['CertificateRequested']);
    expect(spec.given([submitted]).when({ type: 'SubmitRequest', request }).error?.code).toBe('REQUEST_AWAITING_APPROVAL');
  });

  it('the request view says where it stands, from the held request to the certificate', () => {
    const approved = spec.given([submitted]).when(approve()).events!;
    const view = (events: CertificateStreamEvent[]) => toCertificateRequestView(spec.given(events).state);
    expect(view([])).toBeUndefined();
    expect(view([submitted])).toMatchObject({ id: 'c1', status: 'requested', awaitingApproval: true, names: ['www.example.ac.uk'], requestedByEmail: 'drao@example.ac.uk' });
    expect(view([submitted, ...approved])).toMatchObject({ status: 'approved', awaitingApproval: false, approvedBy: 'rao-1' });
    const issued: CertificateStreamEvent = { type: 'CertificateIssued', data: issuedCertificate({ method: 'manual', departmentId: 'd1' }) };
    expect(view([submitted, ...approved, issued])).toMatchObject({ status: 'issued', approvedBy: 'rao-1', certificateId: 'c1', requestedAt: T0.toISOString() });
    expect(view([submitted, ...spec.given([submitted]).when(decline).events!])).toMatchObject({ status: 'declined', reason: 'Use the shared one.', declinedBy: 'rao-1' });
    expect(view([{ type: 'CertificateRequestRefused', data: refusal() }])).toMatchObject({ status: 'refused', code: 'DOMAIN_NOT_VALIDATED', reason: 'not validated' });
    // A certificate recorded before requests were: what the certificate says.
    expect(view([{ type: 'CertificateIssued', data: issuedCertificate() }])).toMatchObject({ status: 'issued', method: 'manual', requestedAt: issuedCertificate().issuedAt });
    for (const events of [[submitted], [{ type: 'CertificateRequestRefused', data: refusal() } as CertificateStreamEvent]])
      expect(Issuance.CertificateRequestViewSchema.parse(view(events))).toEqual(view(events));
  });

  it('a held request is published for its approvers (and nothing else of the request is)', () => {
    const recorded = (event: CertificateStreamEvent): RecordedEvent =>
      ({ ...event, id: 'e1', streamId: 'certificate-c1', revision: 0, position: 1n, metadata: { correlationId: 'x', occurredAt: 'y' } }) as RecordedEvent;
    const [message] = translate(recorded(submitted));
    expect(message.contract).toBe(Issuance.CertificateRequestAwaitingApproval);
    expect(Issuance.CertificateRequestAwaitingApproval.schema.parse(message.data)).toEqual({
      requestId: 'c1',
      organisationId: 'o1',
      departmentId: 'd1',
      requestedBy: 'drao-1',
      requestedByEmail: 'drao@example.ac.uk',
      names: ['www.example.ac.uk'],
      certificateType: 'ov-ssl',
      requestedAt: T0.toISOString(),
    });
    expect(message.data).not.toHaveProperty('csr');
    for (const event of [...spec.given([submitted]).when(approve()).events!, ...spec.given([submitted]).when(decline).events!, { type: 'CertificateRequestRefused', data: refusal() } as CertificateStreamEvent])
      expect(translate(recorded(event))).toEqual([]);
  });
});
