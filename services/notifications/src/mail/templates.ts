import type { Identity } from '@platform/contracts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function invitationMail(event: Identity.AdminInvitedData, publicUrl: string): Mail {
  const link = `${publicUrl}/invitations/accept?token=${encodeURIComponent(event.invitationToken)}`;
  return {
    to: event.email,
    subject: 'Your administrator account for the certificate service',
    text: [
      `Dear ${event.name},`,
      '',
      `You have been made ${event.role} administrator of the certificate service.`,
      'Follow this link to choose your password and sign in:',
      '',
      link,
      '',
      `The link works once and expires at ${event.expiresAt}.`,
      'If you did not expect this message, ignore it.',
    ].join('\n'),
  };
}
