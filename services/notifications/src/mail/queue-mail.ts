import { type EventStore, WrongExpectedRevisionError, eventMetadata } from '@platform/event-store';
import { type MailEvent, mailStream } from './mail.events';
import type { Mail } from './templates';

/**
 * Queues one mail in `mail-<mailId>`. Mail ids derive from the causing event's id, so a redelivered
 * event finds the stream there already and queues nothing twice. Returns whether it queued.
 */
export async function queueMail(
  store: EventStore,
  queued: { mailId: string; mail: Mail; cause: string; causationId: string; at: Date },
): Promise<boolean> {
  const { mailId, mail, cause, causationId, at } = queued;
  const event: MailEvent = { type: 'MailQueued', data: { mailId, ...mail, cause, queuedAt: at.toISOString() } };
  try {
    await store.appendToStream(
      mailStream(mailId),
      [{ ...event, metadata: eventMetadata({ at, actor: 'system:notifications', causationId, correlationId: causationId }) }],
      'no_stream',
    );
    return true;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    return false;
  }
}
