import type { Issuance } from '@platform/contracts';
import type { Addressee } from '../mail/recipients';
import type { Mail } from '../mail/templates';
import type { WatchedCertificate } from './certificate-notices.events';

/** The page of a certificate (the portal's; the gateway explains the API calls until the portal serves it). */
export const certificatePage = (publicUrl: string, certificateId: string) => `${publicUrl}/certificates/${certificateId}`;

const named = (c: { commonName?: string; names: string[] }) => c.commonName ?? c.names[0] ?? 'your certificate';

const REASONS: Record<Issuance.CertificateRevokedData['reason'], string> = {
  unspecified: 'no reason given (unspecified)',
  keyCompromise: 'the private key was compromised (keyCompromise)',
  affiliationChanged: 'the subject’s details changed (affiliationChanged)',
  superseded: 'it was replaced by another certificate (superseded)',
  cessationOfOperation: 'the names it covers are no longer in use (cessationOfOperation)',
  privilegeWithdrawn: 'the operator withdrew it (privilegeWithdrawn)',
};

export function certificateIssuedMail(to: Addressee, e: Issuance.CertificateIssuedData, publicUrl: string): Mail {
  const download = (format: string) => `${publicUrl}/api/v1/certificates/${e.certificateId}/download?format=${format}`;
  return {
    to: to.email,
    subject: `Your certificate for ${named(e)} is ready`,
    text: [
      `Dear ${to.name},`,
      '',
      `The certificate you requested for ${e.names.join(', ')} has been issued (serial number ${e.serialNumber})${e.notAfter ? ` and is valid until ${e.notAfter}` : ''}.`,
      '',
      'Download it (signed in):',
      `certificate (PEM): ${download('pem')}`,
      `certificate and chain (PEM): ${download('fullchain')}`,
      `PKCS#7: ${download('pkcs7')}`,
      '',
      `Its page: ${certificatePage(publicUrl, e.certificateId)}`,
    ].join('\n'),
  };
}

export function certificateRevokedMail(to: Addressee, e: Issuance.CertificateRevokedData, publicUrl: string): Mail {
  return {
    to: to.email,
    subject: `Certificate ${e.serialNumber} has been revoked`,
    text: [
      `Dear ${to.name},`,
      '',
      `The certificate with serial number ${e.serialNumber}, issued at ${e.issuedAt}, was revoked at ${e.revokedAt}.`,
      `Reason: ${REASONS[e.reason]}.`,
      'Relying parties now see it as revoked (CRL and OCSP); request a new certificate if the service still needs one.',
      '',
      certificatePage(publicUrl, e.certificateId),
    ].join('\n'),
  };
}

export function certificateExpiringMail(to: Addressee, c: WatchedCertificate, daysBefore: number, publicUrl: string): Mail {
  const when = daysBefore === 1 ? 'tomorrow' : `in ${daysBefore} days`;
  return {
    to: to.email,
    subject: `Certificate for ${named(c)} expires ${when} (${c.notAfter.slice(0, 10)})`,
    text: [
      `Dear ${to.name},`,
      '',
      `The certificate for ${c.names.join(', ')} (serial number ${c.serialNumber}) expires at ${c.notAfter}.`,
      'Request a new certificate before then, so that the service using it keeps working.',
      '',
      certificatePage(publicUrl, c.certificateId),
    ].join('\n'),
  };
}
