import { deleteStreams, natsAvailable, natsUrl } from '@platform/testing';
import { messageBusConformance } from './message-bus.conformance';
import { NatsBus } from './nats.bus';

// The suite needs a NATS server with JetStream (see natsUrl()); without one it fails loudly
// rather than passing by skipping.
beforeAll(async () => {
  if (!(await natsAvailable())) throw new Error(`no NATS with JetStream at ${natsUrl()}`);
});

messageBusConformance('NatsBus', {
  open: (logger) =>
    NatsBus.connect({ servers: natsUrl(), name: 'messaging-conformance', logger, retryBackoffMs: () => 50 }),
  deleteStreams,
});
