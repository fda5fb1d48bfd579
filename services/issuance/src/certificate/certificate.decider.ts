import type { Issuance } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import { type CertificateEvent, type CertificateIssuedData, issuerIdOf } from './certificate.events';

export type CertificateState =
  | { status: 'none' }
  | { status: 'issued'; certificate: CertificateIssuedData }
  | {
      status: 'revoked';
      certificate: CertificateIssuedData;
      revokedAt: string;
      reason: Issuance.RevokeCertificateRequest['reason'];
    };

export type CertificateCommand =
  | { type: 'RecordIssuedCertificate'; certificate: CertificateIssuedData }
  | {
      type: 'RevokeCertificate';
      reason: Issuance.RevokeCertificateRequest['reason'];
      at: Date;
      by: string;
      /** privilegeWithdrawn is the CA's own reason (BR 7.2.2): the operator's only */
      byOperator: boolean;
    };

export const certificateDecider: Decider<CertificateState, CertificateCommand, CertificateEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'CertificateIssued':
        return { status: 'issued', certificate: event.data };
      case 'CertificateRevoked':
        return state.status === 'none'
          ? state
          : { status: 'revoked', certificate: state.certificate, revokedAt: event.data.revokedAt, reason: event.data.reason };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordIssuedCertificate':
        if (state.status !== 'none') throw new Error(`certificate ${command.certificate.certificateId} exists already`);
        return [{ type: 'CertificateIssued', data: command.certificate }];
      case 'RevokeCertificate':
        if (state.status === 'none')
          throw new DomainError('CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.');
        if (command.reason === 'privilegeWithdrawn' && !command.byOperator)
          throw new DomainError(
            'REVOCATION_REASON_NOT_ALLOWED',
            'forbidden',
            'Only the operator may revoke with privilegeWithdrawn; choose keyCompromise, affiliationChanged, superseded, cessationOfOperation or unspecified.',
            { reason: command.reason },
          );
        if (state.status === 'revoked')
          throw new DomainError('CERTIFICATE_ALREADY_REVOKED', 'conflict', 'The certificate is revoked already.', {
            revokedAt: state.revokedAt,
            reason: state.reason,
          });
        return [
          {
            type: 'CertificateRevoked',
            data: {
              certificateId: state.certificate.certificateId,
              organisationId: state.certificate.organisationId,
              ...(state.certificate.departmentId ? { departmentId: state.certificate.departmentId } : {}),
              serialNumber: state.certificate.serialNumber,
              issuedAt: state.certificate.issuedAt,
              reason: command.reason,
              revokedAt: command.at.toISOString(),
              revokedBy: command.by,
              publicKeySha256: state.certificate.publicKeySha256,
              issuerId: issuerIdOf(state.certificate),
            },
          },
        ];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
