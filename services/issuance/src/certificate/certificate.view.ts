import type { CertificateView } from '@platform/contracts';
import type { CertificateExists } from './certificate.decider';
import { issuerIdOf } from './certificate.events';

export function toCertificateView(state: CertificateExists): CertificateView {
  const c = state.certificate;
  return {
    id: c.certificateId,
    organisationId: c.organisationId,
    status: state.status,
    commonName: c.commonName,
    names: c.names,
    serialNumber: c.serialNumber,
    keyAlgorithm: c.keyAlgorithm,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    requestedBy: c.requestedBy,
    issuedAt: c.issuedAt,
    ...(state.status === 'revoked' ? { revokedAt: state.revokedAt, revocationReason: state.reason } : {}),
    certificateType: c.certificateType ?? 'ov-ssl',
    issuerId: issuerIdOf(c),
    ...(c.departmentId ? { departmentId: c.departmentId } : {}),
    certificatePem: c.certificatePem,
    chainPem: c.chainPem,
  };
}
