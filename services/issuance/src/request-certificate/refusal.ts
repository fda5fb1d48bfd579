import type { DomainError } from '@platform/kernel';
import type { CertificateRequestData, CertificateRequestRefusedData } from '../certificate/certificate.events';

type Asked = Pick<CertificateRequestData, 'certificateId' | 'organisationId' | 'departmentId' | 'requestedBy' | 'requestedByEmail' | 'requestId' | 'certificateType' | 'requestedAt'> &
  Required<Pick<CertificateRequestData, 'names' | 'method'>>;

/** What a refusal records: who asked, when, for which names, and the rule's code, message and details. */
export function refusalOf(asked: Asked, error: DomainError, at: Date): CertificateRequestRefusedData {
  return {
    certificateId: asked.certificateId,
    organisationId: asked.organisationId,
    ...(asked.departmentId ? { departmentId: asked.departmentId } : {}),
    requestedBy: asked.requestedBy,
    ...(asked.requestedByEmail ? { requestedByEmail: asked.requestedByEmail } : {}),
    ...(asked.requestId ? { requestId: asked.requestId } : {}),
    names: asked.names,
    certificateType: asked.certificateType,
    method: asked.method,
    requestedAt: asked.requestedAt,
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    refusedAt: at.toISOString(),
  };
}
