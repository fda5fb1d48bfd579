import { SqliteEventStore } from '@platform/event-store';
import type { Actor } from '@platform/kernel';
import { OutboxReadModel } from '../projections/outbox.projection';
import { ListOutboxHandler, ListOutboxQuery } from './list-outbox.handler';

/** Issue 18: `?to=%00` was a 500, the NUL cutting the SQL text short. Values now reach SQL as parameters. */
describe('listing the outbox by awkward addresses', () => {
  const store = SqliteEventStore.open(':memory:');
  const outbox = new OutboxReadModel(store, { kind: 'sqlite', filename: ':memory:' });
  const operator: Actor = { adminId: 'a1', email: 'operator@example.ac.uk', grants: [{ role: 'MRAO' }] } as Actor;
  const list = (to: string) => new ListOutboxHandler(outbox).execute(new ListOutboxQuery({ actor: operator, to, limit: 10 }));

  beforeAll(() => outbox.onModuleInit());
  afterAll(async () => {
    await outbox.onApplicationShutdown();
    await store.close();
  });

  it('finds a message whose address holds a NUL, a quote or a backslash, and nothing for a bare NUL', async () => {
    const to = "o'brien\\\u0000@example.ac.uk";
    const queuedAt = '2027-01-01T00:00:00.000Z';
    const { position } = await store.appendToStream(
      'mail-m1',
      [{ type: 'MailQueued', data: { mailId: 'm1', to, subject: "It's ready?", text: 'a\\b', cause: 'test', queuedAt }, metadata: { correlationId: 't', occurredAt: queuedAt } }],
      'no_stream',
    );
    await outbox.waitFor(position);
    expect(await list('\u0000')).toEqual([]);
    expect(await list(to)).toEqual([{ id: 'm1', to, subject: "It's ready?", text: 'a\\b', cause: 'test', status: 'queued', queuedAt }]);
  });
});
