import { Issuance } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { certificateDecider } from './certificate/certificate.decider';
import type { CertificateEvent, CertificateStreamEvent } from './certificate/certificate.events';
import { issuedCertificate } from './certificate/certificate.fixtures';
import { translate } from './issuance.relay';

const issued = (departmentId?: string) => issuedCertificate(departmentId ? { departmentId } : {});
const recorded = (event: CertificateStreamEvent): RecordedEvent =>
  ({ ...event, id: 'e1', streamId: 'certificate-c1', revision: 0, position: 1n, metadata: { correlationId: 'x', occurredAt: 'y' } }) as RecordedEvent;

describe('issuance integration events', () => {
  it('carry the department of a department certificate, issued and revoked, and fit their contracts', () => {
    const issuedEvent: CertificateEvent = { type: 'CertificateIssued', data: issued('d1') };
    const [revokedEvent] = certificateDecider.decide(
      { type: 'RevokeCertificate', reason: 'superseded', at: new Date('2026-11-27T00:00:00Z'), by: 'a2', byOperator: false },
      certificateDecider.evolve(certificateDecider.initialState(), issuedEvent),
    );
    const [issuedMessage] = translate(recorded(issuedEvent));
    const [revokedMessage] = translate(recorded(revokedEvent));
    expect(Issuance.CertificateIssued.schema.parse(issuedMessage.data)).toMatchObject({ organisationId: 'o1', departmentId: 'd1' });
    expect(Issuance.CertificateRevoked.schema.parse(revokedMessage.data)).toMatchObject({ organisationId: 'o1', departmentId: 'd1' });
  });

  it('tell when an issued certificate expires and its common name, for expiry notices', () => {
    const data = issued();
    const [message] = translate(recorded({ type: 'CertificateIssued', data }));
    expect(Issuance.CertificateIssued.schema.parse(message.data)).toMatchObject({ notAfter: data.notAfter, commonName: data.commonName });
  });

  it('leave departmentId out for an organisation-wide certificate', () => {
    const [message] = translate(recorded({ type: 'CertificateIssued', data: issued() }));
    expect(message.data).not.toHaveProperty('departmentId');
  });

  it('publish nothing of a request before its certificate (billing learns of the unit through its own requests)', () => {
    const failed = { certificateId: 'c1', organisationId: 'o1', code: 'ALLOWANCE_EXHAUSTED', message: 'used up', failedAt: 'y', unitHeld: false };
    expect(translate(recorded({ type: 'CertificateRequestFailed', data: failed }))).toEqual([]);
    expect(translate(recorded({ type: 'CertificateRequestUnitReturned', data: { certificateId: 'c1', returnedAt: 'y' } }))).toEqual([]);
  });
});
