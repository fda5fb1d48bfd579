import { createServer } from 'node:net';
import { type EventStore, SqliteEventStore, eventMetadata } from '@platform/event-store';
import { systemClock } from '@platform/kernel';
import { eventually } from '@platform/testing';
import { mailStream } from '../mail/mail.events';
import { MailSender } from './mail-sender';

/** A port on this host that nothing listens on: every connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('MailSender', () => {
  let store: EventStore;
  let sender: MailSender;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:');
  });
  afterEach(async () => {
    await sender?.onApplicationShutdown();
    await store.close();
  });

  it('counts each failed send attempt by reason (smtp: the server is unreachable)', async () => {
    sender = new MailSender(store, { publicUrl: 'http://localhost', smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: 'ca@example.ac.uk' }, systemClock);
    expect(sender.failedAttempts()).toEqual({ smtp: 0, store: 0 });
    const mail = { mailId: 'm-1', to: 'rao@example.ac.uk', subject: 'Hello', text: 'Hi', cause: 'test', queuedAt: new Date().toISOString() };
    await store.appendToStream(mailStream(mail.mailId), [{ type: 'MailQueued', data: mail, metadata: eventMetadata({ at: new Date(), actor: 'test' }) }], 'no_stream');

    await sender.onApplicationBootstrap();
    await eventually(async () => (sender.failedAttempts().smtp >= 2 ? true : undefined), 10_000, 'two failed attempts');
    expect(sender.failedAttempts().store).toBe(0);
  });
});
