import { deciderSpec } from '@platform/testing';
import { certificateDecider } from './certificate.decider';
import type { CertificateEvent } from './certificate.events';
import { issuedCertificate } from './certificate.fixtures';
import { maxTlsValidityDays, smimeValidity, tlsValidity } from './validity';

const issued = issuedCertificate;

describe('certificate decider', () => {
  const spec = deciderSpec(certificateDecider);
  const at = new Date('2026-11-27T00:00:00Z');

  it('revokes an issued certificate with who, when and why', () => {
    const given: CertificateEvent[] = [{ type: 'CertificateIssued', data: issued() }];
    expect(spec.given(given).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a2', byOperator: false }).events).toEqual([
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
          // carried so that keyCompromise can block the key, and CRL/OCSP find the issuing CA
          publicKeySha256: 'ab',
          issuerId: 'tls-rsa',
        },
      },
    ]);
  });

  it('lets only the operator revoke with privilegeWithdrawn (BR 7.2.2: the CA\'s own reason)', () => {
    const given: CertificateEvent[] = [{ type: 'CertificateIssued', data: issued({ issuerId: 'tls-ecdsa' }) }];
    const command = { type: 'RevokeCertificate', reason: 'privilegeWithdrawn', at, by: 'a2' } as const;
    expect(spec.given(given).when({ ...command, byOperator: false }).error?.code).toBe('REVOCATION_REASON_NOT_ALLOWED');
    expect(spec.given(given).when({ ...command, byOperator: true }).events?.[0]).toMatchObject({
      type: 'CertificateRevoked',
      data: { reason: 'privilegeWithdrawn', issuerId: 'tls-ecdsa' },
    });
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
    expect(spec.given(revoked).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a', byOperator: false }).error?.code).toBe(
      'CERTIFICATE_ALREADY_REVOKED',
    );
    expect(spec.given([]).when({ type: 'RevokeCertificate', reason: 'superseded', at, by: 'a', byOperator: false }).error?.code).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
  });
});

describe('S/MIME validity', () => {
  it('is 825 days at most (S/MIME BR 6.3.2), backdated by a minute', () => {
    const issuedAt = new Date('2026-11-26T12:00:00Z');
    const { notBefore, notAfter } = smimeValidity(issuedAt);
    expect(issuedAt.getTime() - notBefore.getTime()).toBe(60_000);
    expect((notAfter.getTime() - notBefore.getTime() + 1000) / 86_400_000).toBe(825);
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
