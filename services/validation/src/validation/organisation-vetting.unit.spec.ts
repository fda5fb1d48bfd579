import { deciderSpec } from '@platform/testing';
import { checkNames } from './coverage';
import { details, evAnchor, given } from './validation.builders';
import { validationDecider } from './validation.decider';

const spec = deciderSpec(validationDecider);
const T0 = '2026-11-26T10:00:00.000Z';
const at = new Date(T0);
const base = { organisationId: 'o', at, by: 'admin' };

describe('organisation vetting (OV)', () => {
  it('an RAO submits the details; they wait for review and are not yet the subject', () => {
    const result = spec.given([]).when({ ...base, type: 'SubmitOrganisationDetails', details: details() });
    expect(result.events).toEqual([
      { type: 'OrganisationDetailsSubmitted', data: { organisationId: 'o', details: details(), submittedAt: T0, submittedBy: 'admin' } },
    ]);
    const { state } = spec.given(result.events!);
    expect(checkNames(state, { names: ['x.example.ac.uk'], certificateType: 'ov-ssl' }, at).problems[0].code).toBe('ORG_NOT_VALIDATED');
  });

  it('an MRAO approves the pending details: OV starts and the subject comes from them', () => {
    const result = spec.given([given.submitted(T0)]).when({ ...base, type: 'ApproveOrganisationDetails', by: 'mrao' });
    expect(result.events).toEqual([
      { type: 'OrganisationDetailsApproved', data: { organisationId: 'o', details: details(), approvedAt: T0, approvedBy: 'mrao' } },
    ]);
    const { state } = spec.given([given.submitted(T0), ...result.events!]);
    expect(checkNames(state, { names: ['www.example.ac.uk'], certificateType: 'ov-ssl' }, at).subject).toEqual({
      organisation: 'University of Example',
      locality: 'Exampleton',
      state: 'Exampleshire',
      country: 'GB',
      street: '1 High Street',
    });
  });

  it('an MRAO rejects with a reason; the rejection is kept and nothing is validated', () => {
    const result = spec.given([given.submitted(T0)]).when({ ...base, type: 'RejectOrganisationDetails', reason: 'registration number unknown' });
    expect(result.events![0]).toMatchObject({ type: 'OrganisationDetailsRejected', data: { reason: 'registration number unknown' } });
    const { state } = spec.given([given.submitted(T0), ...result.events!]);
    expect(state.rejection).toEqual({ reason: 'registration number unknown', at: T0 });
    expect([state.pending, state.organisationValidatedAt, state.details]).toEqual([undefined, undefined, undefined]);
  });

  it('reviewing with nothing pending is refused', () => {
    expect(spec.given([]).when({ ...base, type: 'ApproveOrganisationDetails' }).error?.code).toBe('NO_DETAILS_TO_REVIEW');
    expect(spec.given([given.submitted(T0), given.approved(T0)]).when({ ...base, type: 'RejectOrganisationDetails', reason: 'x' }).error?.code).toBe(
      'NO_DETAILS_TO_REVIEW',
    );
  });

  // OV data are reusable for 398 days from approval (SC-081).
  it.each([
    ['2026-03-15T00:00:00Z', '2027-04-16T23:59:59Z', []],
    ['2026-03-15T00:00:00Z', '2027-04-17T00:00:00Z', ['ORG_VALIDATION_EXPIRED']],
    ['2026-11-26T10:00:00Z', '2027-12-29T09:59:59Z', []],
    ['2026-11-26T10:00:00Z', '2027-12-29T10:00:00Z', ['ORG_VALIDATION_EXPIRED']],
  ])('approved at %s, asked at %s: problems %j', (approvedAt, now, codes) => {
    const { state } = spec.given([given.submitted(approvedAt), given.approved(approvedAt), given.token('example.ac.uk', now), given.validated('example.ac.uk', now)]);
    expect(checkNames(state, { names: ['example.ac.uk'], certificateType: 'ov-ssl' }, new Date(now)).problems.map((p) => p.code)).toEqual(codes);
  });

  it('re-vetting after expiry: submitted and approved again, OV counts from the new approval', () => {
    const later = '2028-01-10T00:00:00.000Z';
    const { state } = spec.given([given.submitted(T0), given.approved(T0), given.submitted(later), given.approved(later)]);
    expect(checkNames(state, { names: [], certificateType: 'ov-ssl' }, new Date('2028-06-01T00:00:00Z')).problems).toEqual([]);
  });
});

describe('EV anchor', () => {
  it('needs approved organisation details first', () => {
    const ev = { jurisdictionCountry: 'GB', businessCategory: 'Private Organization' as const, registrationNumber: 'RC1' };
    expect(spec.given([]).when({ ...base, type: 'VetEvAnchor', ev }).error?.code).toBe('ORG_NOT_VALIDATED');
    expect(spec.given([given.submitted(T0), given.approved(T0)]).when({ ...base, type: 'VetEvAnchor', ev }).events![0]).toMatchObject({
      type: 'EvAnchorVetted',
      data: { ev, vettedAt: T0 },
    });
  });

  it.each([
    ['ev-ssl', [], ['EV_ANCHOR_MISSING']],
    ['ev-multi-domain', [], ['EV_ANCHOR_MISSING']],
    ['ov-ssl', [], []],
    ['ev-ssl', ['2026-11-26T10:00:00Z'], []],
    ['ev-ssl', ['2025-10-01T00:00:00Z'], ['EV_ANCHOR_EXPIRED']],
  ])('a %s request with the EV anchor vetted at %j: problems %j', (type, evAt, codes) => {
    const { state } = spec.given([
      given.submitted('2026-11-01T00:00:00Z'),
      given.approved('2026-11-01T00:00:00Z'),
      ...evAt.map((t) => given.ev(t)),
      given.token('example.ac.uk', T0),
      given.validated('example.ac.uk', T0),
    ]);
    const result = checkNames(state, { names: ['www.example.ac.uk'], certificateType: type as 'ev-ssl' }, at);
    expect(result.problems.map((p) => p.code)).toEqual(codes);
    // The EV subject fields are given only for EV types with a valid anchor.
    expect(result.subject.ev).toEqual(type.startsWith('ev-') && codes.length === 0 ? expect.objectContaining({ businessCategory: 'Private Organization' }) : undefined);
  });
});

describe('EV details submitted for vetting', () => {
  it('wait as pending until an MRAO vets an anchor, which ends the wait', () => {
    const result = spec.given([given.approved(T0)]).when({ ...base, type: 'SubmitEvAnchor', ev: evAnchor() });
    expect(result.events).toEqual([{ type: 'EvAnchorSubmitted', data: { organisationId: 'o', ev: evAnchor(), submittedAt: T0, submittedBy: 'admin' } }]);
    const pending = [given.approved(T0), ...result.events!];
    expect(spec.given(pending).state.pendingEv).toEqual({ ev: evAnchor(), submittedAt: T0, submittedBy: 'admin' });
    const vetted = spec.given(pending).when({ ...base, type: 'VetEvAnchor', ev: evAnchor(), by: 'mrao' });
    const { state } = spec.given([...pending, ...vetted.events!]);
    expect(state.pendingEv).toBeUndefined();
    expect(state.ev).toMatchObject({ vettedAt: T0 });
  });
});
