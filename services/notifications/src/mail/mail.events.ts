/** Domain events of one e-mail (stream `mail-<id>`; the id is the causing event's, so a redelivery queues nothing twice). */
export type MailEvent =
  | { type: 'MailQueued'; data: { mailId: string; to: string; subject: string; text: string; cause: string; queuedAt: string } }
  | { type: 'MailSent'; data: { mailId: string; sentAt: string; messageId?: string } }
  | { type: 'MailFailed'; data: { mailId: string; failedAt: string; error: string; attempt: number } };

export const mailStream = (mailId: string): string => `mail-${mailId}`;
