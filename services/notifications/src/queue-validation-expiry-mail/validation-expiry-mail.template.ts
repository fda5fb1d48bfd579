import type { Validation } from '@platform/contracts';
import type { Mail } from '../mail/templates';

const WHAT: Record<Validation.ValidationExpiringData['kind'], (domain?: string) => string> = {
  organisation: () => 'The vetting of your organisation (OV)',
  ev: () => 'The EV details of your organisation',
  domain: (domain) => `The validation of the domain ${domain}`,
};

const TODO: Record<Validation.ValidationExpiringData['kind'], string> = {
  organisation: 'Submit the organisation details again in the portal so that the operator can re-vet them.',
  ev: 'Ask the operator to vet the EV details again.',
  domain: 'Add the domain again in the portal and publish the new token (DNS, HTTP or e-mail).',
};

export function validationExpiryMail(event: Validation.ValidationExpiringData, to: string, name: string, publicUrl: string): Mail {
  const what = WHAT[event.kind](event.domain);
  return {
    to,
    subject: `${what} expires on ${event.expiresAt.slice(0, 10)}`,
    text: [
      `Dear ${name},`,
      '',
      `${what} expires at ${event.expiresAt}.`,
      'After that, certificate requests that depend on it are refused.',
      TODO[event.kind],
      '',
      `${publicUrl}/organisations/${event.organisationId}/validation`,
    ].join('\n'),
  };
}
