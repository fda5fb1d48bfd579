import type { Identity } from '@platform/contracts';
import type { Mail } from '../mail/templates';

/** The link goes to the gateway, which sends the browser on to the organisation's identity provider. */
export function idpInvitationMail(event: Identity.AdminIdpInvitedData, publicUrl: string): Mail {
  const link = `${publicUrl}/api/v1/auth/oidc/bind?token=${encodeURIComponent(event.invitationToken)}`;
  return {
    to: event.email,
    subject: 'Sign in to the certificate service with your organisation account',
    text: [
      `Dear ${event.name},`,
      '',
      'An administrator has asked you to sign in to the certificate service through your identity provider.',
      'Follow this link and sign in there; from then on you sign in only that way:',
      '',
      link,
      '',
      `The link works once and expires at ${event.expiresAt}.`,
      'If you did not expect this message, ignore it.',
    ].join('\n'),
  };
}
