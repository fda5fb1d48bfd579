import { Issuance } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { certificateDecider } from './certificate/certificate.decider';
import type { CertificateEvent, CertificateIssuedData } from './certificate/certificate.events';
import { translate } from './issuance.relay';

const issued = (departmentId?: string): CertificateIssuedData => ({
  certificateId: 'c1',
  organisationId: 'o1',
  ...(departmentId ? { departmentId } : {}),
  requestedBy: 'a1',
  commonName: 'www.example.ac.uk',
  names: ['www.example.ac.uk'],
  serialNumber: '01',
  keyAlgorithm: 'ECDSA P-256',
  publicKeySha256: 'ab',
  notBefore: '2026-11-26T00:00:00.000Z',
  notAfter: '2027-06-13T00:00:00.000Z',
  issuedAt: '2026-11-26T00:01:00.000Z',
  certificatePem: 'pem',
  chainPem: 'chain',
});
const recorded = (event: CertificateEvent): RecordedEvent =>
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

  it('leave departmentId out for an organisation-wide certificate', () => {
    const [message] = translate(recorded({ type: 'CertificateIssued', data: issued() }));
    expect(message.data).not.toHaveProperty('departmentId');
  });
});
