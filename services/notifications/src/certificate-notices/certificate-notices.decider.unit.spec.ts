import { deciderSpec } from '@platform/testing';
import { certificateNoticesDecider, nextNoticeAt } from './certificate-notices.decider';
import type { CertificateNoticeEvent, WatchedCertificate } from './certificate-notices.events';

const spec = deciderSpec(certificateNoticesDecider);
const certificate = (over: Partial<WatchedCertificate> = {}): WatchedCertificate => ({
  certificateId: 'c1',
  organisationId: 'o1',
  requestedBy: 'a1',
  names: ['www.example.ac.uk'],
  serialNumber: '1a',
  issuedAt: '2027-01-01T00:00:00.000Z',
  notAfter: '2027-07-20T00:00:00.000Z',
  ...over,
});
const watched = (over?: Partial<WatchedCertificate>): CertificateNoticeEvent => ({ type: 'CertificateWatched', data: certificate(over) });
const noticed = (daysBefore: number): CertificateNoticeEvent => ({
  type: 'ExpiryNoticeRecorded',
  data: { certificateId: 'c1', daysBefore, notAfter: '2027-07-20T00:00:00.000Z', recordedAt: 'x' },
});
const notice = (iso: string) => ({ type: 'RecordExpiryNotice' as const, at: new Date(iso) });
const days = (events?: CertificateNoticeEvent[]) => events?.map((e) => (e.type === 'ExpiryNoticeRecorded' ? e.data.daysBefore : e.type));

describe('certificate expiry notices', () => {
  it('are due 30, 7 and 1 days before notAfter, each once', () => {
    expect(days(spec.given([watched()]).when(notice('2027-06-19T23:59:59Z')).events)).toEqual([]);
    expect(days(spec.given([watched()]).when(notice('2027-06-20T00:00:00Z')).events)).toEqual([30]);
    expect(days(spec.given([watched(), noticed(30)]).when(notice('2027-06-25T00:00:00Z')).events)).toEqual([]);
    expect(days(spec.given([watched(), noticed(30)]).when(notice('2027-07-13T00:00:00Z')).events)).toEqual([7]);
    expect(days(spec.given([watched(), noticed(30), noticed(7)]).when(notice('2027-07-19T00:00:00Z')).events)).toEqual([1]);
    expect(days(spec.given([watched(), noticed(30), noticed(7), noticed(1)]).when(notice('2027-07-19T12:00:00Z')).events)).toEqual([]);
  });

  it('after a gap across two thresholds, the nearer one only; nothing once expired or revoked', () => {
    expect(days(spec.given([watched()]).when(notice('2027-07-15T00:00:00Z')).events)).toEqual([7]);
    expect(days(spec.given([watched(), noticed(7)]).when(notice('2027-07-16T00:00:00Z')).events)).toEqual([]);
    expect(days(spec.given([watched()]).when(notice('2027-07-20T00:00:00Z')).events)).toEqual([]);
    const revoked: CertificateNoticeEvent = { type: 'CertificateUnwatched', data: { certificateId: 'c1', revokedAt: 'x' } };
    expect(days(spec.given([watched(), revoked]).when(notice('2027-07-19T00:00:00Z')).events)).toEqual([]);
  });

  it('skips thresholds already passed at issuance (a 20-day certificate gets its 7- and 1-day notices)', () => {
    const short = { issuedAt: '2027-07-01T00:00:00.000Z', notAfter: '2027-07-21T00:00:00.000Z' };
    expect(days(spec.given([watched(short)]).when(notice('2027-07-02T00:00:00Z')).events)).toEqual([]);
    expect(nextNoticeAt(short)).toEqual(new Date('2027-07-14T00:00:00.000Z'));
    expect(nextNoticeAt(certificate(), 7)).toEqual(new Date('2027-07-19T00:00:00.000Z'));
    expect(nextNoticeAt(certificate(), 1)).toBeUndefined();
  });

  it('watches a certificate once, and never one revoked before its issuance arrived', () => {
    expect(spec.given([watched()]).when({ type: 'WatchCertificate', certificate: certificate() }).events).toEqual([]);
    const revoked: CertificateNoticeEvent = { type: 'CertificateUnwatched', data: { certificateId: 'c1', revokedAt: 'x' } };
    expect(spec.given([revoked]).when({ type: 'WatchCertificate', certificate: certificate() }).events).toEqual([]);
    expect(spec.given([watched(), revoked]).when({ type: 'UnwatchCertificate', certificateId: 'c1', revokedAt: 'y' }).events).toEqual([]);
  });
});
