import type { EventContract } from '@platform/contracts';
import type { EventStore, RecordedEvent, Subscription } from '@platform/event-store';
import { consoleLogger, type MessagingLogger } from './logger';
import type { MessageBus } from './message-bus.port';
import { publishEvent } from './typed';

export interface RelayedMessage {
  contract: EventContract;
  data: unknown;
  /** the message id; default: the event id (`<eventId>:<index>` when one event yields several) */
  id?: string;
}

export interface IntegrationEventRelayOptions {
  /** the checkpoint is stored in the event store as `relay-<name>` */
  name: string;
  store: EventStore;
  bus: MessageBus;
  /** private domain event → integration events; pure, so a replay publishes the same messages */
  translate: (event: RecordedEvent) => readonly RelayedMessage[];
  logger?: MessagingLogger;
  /** first retry delay after a failure, doubling up to 30 s; default 1000 ms */
  retryDelayMs?: number;
  /** how long a relayed position may wait to be saved together with later ones; default 100 ms */
  checkpointDelayMs?: number;
}

/** The relays running in this process: what its /metrics reads their lag from. */
const runningRelays = new Set<IntegrationEventRelay>();
export const openRelays = (): readonly IntegrationEventRelay[] => [...runningRelays];

/**
 * Publishes a service's integration events from its event store, never from the request path:
 * a checkpointed subscription reads every stored event, publishes what it translates to, and only
 * then saves the checkpoint. A crash between "published" and "checkpoint saved" publishes again on
 * restart; the message id (the event id) lets the bus dedup and consumers stay idempotent, so
 * nothing is lost and nothing is handled twice. The checkpoint is saved at most every
 * checkpointDelayMs (and on stop), not per event: a crash then publishes again what the last
 * fraction of a second relayed, well inside the bus's dedup window, for one write instead of many.
 */
export class IntegrationEventRelay {
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;
  private failures = 0;
  private readonly logger: MessagingLogger;
  private readonly checkpoint: string;
  /** the last event relayed in this run, saved or not */
  private relayed: bigint | undefined;
  /** where the current subscription started (the checkpoint): the lag before this run relays anything */
  private startedAfter: bigint | undefined;
  private unsaved = false;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: IntegrationEventRelayOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.checkpoint = `relay-${options.name}`;
  }

  /** Resolves once subscribed; fails if the checkpoint cannot be read. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.subscribe();
    } catch (error) {
      this.running = false;
      throw error;
    }
    runningRelays.add(this);
  }

  get name(): string {
    return this.options.name;
  }

  /** How far the relay is behind the head of its store, in log positions: read at scrape time. */
  async lag(): Promise<number> {
    const head = (await this.options.store.headPosition()) ?? 0n;
    const at = this.relayed ?? this.startedAfter ?? 0n;
    return head > at ? Number(head - at) : 0;
  }

  /** Resolves once no event is being relayed. */
  async stop(): Promise<void> {
    runningRelays.delete(this);
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.saveCheckpoint();
  }

  private async subscribe(): Promise<void> {
    const stored = await this.options.store.loadCheckpoint(this.checkpoint);
    if (!this.running) return;
    // After a failure, what this run relayed but has not saved yet need not go out again.
    const after = this.relayed !== undefined && (stored === undefined || this.relayed > stored) ? this.relayed : stored;
    this.startedAfter = after;
    this.subscription = this.options.store.subscribeToAll((event) => this.relay(event), {
      after,
      onError: (error) => this.failed(error),
    });
  }

  private async relay(event: RecordedEvent): Promise<void> {
    const messages = this.options.translate(event);
    const { correlationId } = event.metadata;
    const headers = correlationId && correlationId !== 'none' ? { correlationId } : undefined; // 'none': stored without one
    for (const [index, message] of messages.entries()) {
      const id = message.id ?? (messages.length === 1 ? event.id : `${event.id}:${index}`);
      await publishEvent(this.options.bus, message.contract, id, message.data, headers);
    }
    this.relayed = event.position;
    this.unsaved = true;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveCheckpoint();
    }, this.options.checkpointDelayMs ?? 100);
    this.failures = 0;
  }

  /** Saves the last relayed position, one save at a time; a failed save is tried again by the next. */
  private saveCheckpoint(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saving = this.saving.then(async () => {
      const position = this.relayed;
      if (!this.unsaved || position === undefined) return;
      this.unsaved = false;
      try {
        await this.options.store.saveCheckpoint(this.checkpoint, position);
      } catch (error) {
        // Nothing is lost: a restart before the next save relays these events again, deduplicated by id.
        if (this.relayed === position) this.unsaved = true;
        this.logger.warn(`relay ${this.options.name}: could not save its checkpoint: ${String(error)}`);
      }
    });
    return this.saving;
  }

  /** The subscription died: start again from the checkpoint, later, so a dead bus is not hammered. */
  private failed(error: unknown): void {
    if (!this.running) return;
    this.failures++;
    const delay = Math.min((this.options.retryDelayMs ?? 1000) * 2 ** (this.failures - 1), 30_000);
    this.logger.error(`relay ${this.options.name} stopped; retrying from its checkpoint in ${delay} ms`, error);
    this.retryTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    await this.subscription?.stop(); // already dead: resolves at once
    this.subscription = undefined;
    if (!this.running) return;
    try {
      await this.subscribe();
    } catch (error) {
      this.failed(error);
    }
  }
}
