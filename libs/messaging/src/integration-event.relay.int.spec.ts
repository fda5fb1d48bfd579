import { deleteStreams, natsUrl } from '@platform/testing';
import { relayScenarios } from './integration-event.relay.scenarios';
import { newStreamName } from './message-bus.test-helpers';
import { NatsBus } from './nats.bus';

relayScenarios('NatsBus', {
  open: async (logger) => ({
    bus: await NatsBus.connect({ servers: natsUrl(), name: 'relay-test', logger }),
    stream: newStreamName(),
  }),
  deleteStreams,
});
