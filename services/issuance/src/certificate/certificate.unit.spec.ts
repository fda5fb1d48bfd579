import { deciderSpec } from '@platform/testing';
import { certificateDecider } from './certificate.decider';
import type { CertificateEvent, CertificateIssuedData } from './certificate.events';
import { maxTlsValidityDays, tlsValidity } from './validity';

const issued = (over: Partial<CertificateIssuedData> = {}): CertificateIssuedData => ({
  certificateId: 'c1',
  organisationId: 'o1',
  requestedBy: 'a1',
  commonName: 'www.example.ac.uk',
  names: ['www.example.ac.uk'],
  serialNumber: '01',
  keyAlgorithm: 'RSA 2048',
  publicKeySha256: 'ab',
  notBefore: '2026-11-26T00:00:00.000Z',
  notAfter: '2027-06-13T00:00:00.000Z',
  issuedAt: '2026-11-26T00:01:00.000Z',
  certificatePem: 'pem',
  chainPem: 'chain',
  ...over,
});

describe('certificate decider', () => {
  const spec = deciderSpec(certificateDecider);
  const at = new Date('2026-11-27T00:00:00Z');

  it('revokes an issued certificate with who, when and why', () => {
    const given: CertificateEvent[] = [{ type: 'CertificateIssued', data: issued() }];
    expect(spec.given(given).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a2' }).events).toEqual([
      {
        type: 'CertificateRevoked',
        data: {
          certificateId: 'c1',
          organisationId: 'o1',
          serialNumber: '01',
          issuedAt: '2026-11-26T00:01:00.000Z',
          reason: 'superseded',
          revokedAt: at.toISOString(),
          revokedBy: 'a2',
        },
      },
    ]);
  });

  it('refuses to revoke twice or to revoke what does not exist', () => {
    const revoked: CertificateEvent[] = [
      { type: 'CertificateIssued', data: issued() },
      {
        type: 'CertificateRevoked',
        data: {
          certificateId: 'c1',
          organisationId: 'o1',
          serialNumber: '01',
          issuedAt: '2026-11-26T00:01:00.000Z',
          reason: 'unspecified',
          revokedAt: at.toISOString(),
          revokedBy: 'a',
        },
      },
    ];
    expect(spec.given(revoked).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a' }).error?.code).toBe(
      'CERTIFICATE_ALREADY_REVOKED',
    );
    expect(spec.given([]).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a' }).error?.code).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
  });
});

describe('TLS validity (SC-081)', () => {
  it.each([
    ['2026-03-14T12:00:00Z', 398],
    ['2026-11-26T12:00:00Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-15T00:00:00Z', 47],
  ])('issued %s: at most %d days', (date, days) => {
    const issuedAt = new Date(date);
    expect(maxTlsValidityDays(issuedAt)).toBe(days);
    const { notBefore, notAfter } = tlsValidity(issuedAt);
    expect(issuedAt.getTime() - notBefore.getTime()).toBeLessThanOrEqual(3_600_000);
    expect((notAfter.getTime() - notBefore.getTime() + 1000) / 86_400_000).toBe(days);
  });
});
