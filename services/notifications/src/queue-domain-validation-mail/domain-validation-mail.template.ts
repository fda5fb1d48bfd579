import type { Validation } from '@platform/contracts';
import type { Mail } from '../mail/templates';

/** BR §3.2.2.4.4: the mail to a constructed address carries the one-time link (the random value). */
export function domainValidationMail(event: Validation.DomainValidationEmailRequestedData, publicUrl: string): Mail {
  const link = `${publicUrl}/domain-validations/confirm?token=${encodeURIComponent(event.confirmationToken)}`;
  return {
    to: event.to,
    subject: `Confirm control of ${event.domain} for certificates`,
    text: [
      'Hello,',
      '',
      `An administrator of the certificate service asked to validate the domain ${event.domain}`,
      'so that their organisation may obtain TLS certificates for it and its subdomains.',
      'If you control this domain and agree, follow this link:',
      '',
      link,
      '',
      `The link works once and expires at ${event.expiresAt}.`,
      'If you did not expect this message, ignore it: nothing happens without the link.',
    ].join('\n'),
  };
}
