import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  type JetStreamManager,
  nanos,
  type NatsConnection,
  StorageType,
} from 'nats';
import { streamSubjects } from '../subjects';

export interface JetStreamSettings {
  duplicateWindowMs: number;
  ackWaitMs: number;
  maxDeliver: number;
  maxAckPending: number;
}

const STREAM_NAME_IN_USE = 10058;
const STREAM_NOT_FOUND = 10059;
const CONSUMER_ALREADY_EXISTS = 10148;

const apiErrorCode = (error: unknown): number | undefined =>
  (error as { api_error?: { err_code?: number } }).api_error?.err_code;

/** Creates streams and durable consumers on demand, each stream once per connection. */
export class JetStreamSetup {
  private manager: Promise<JetStreamManager> | undefined;
  private readonly streams = new Map<string, Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly settings: JetStreamSettings,
  ) {}

  jsm(): Promise<JetStreamManager> {
    // lazily: a service that only serves requests works on a server without JetStream
    this.manager ??= this.nc.jetstreamManager();
    return this.manager;
  }

  ensureStream(stream: string): Promise<void> {
    let ready = this.streams.get(stream);
    if (!ready) {
      ready = this.createStream(stream);
      this.streams.set(stream, ready);
      ready.catch(() => this.streams.delete(stream)); // try again next time
    }
    return ready;
  }

  /** After a publish found no stream (deleted behind our back): create it again next time. */
  forgetStream(stream: string): void {
    this.streams.delete(stream);
  }

  async ensureDurable(stream: string, durable: string, subjects: string[]): Promise<void> {
    await this.ensureStream(stream);
    const jsm = await this.jsm();
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.settings.ackWaitMs),
      max_deliver: this.settings.maxDeliver,
      // 1 (the default) keeps events in order: a failing event is retried before the next is sent.
      max_ack_pending: this.settings.maxAckPending,
      ...this.filter(subjects),
    };
    try {
      await jsm.consumers.add(stream, config);
    } catch (error) {
      switch (apiErrorCode(error)) {
        case CONSUMER_ALREADY_EXISTS: // the service now listens to other subjects: update the filter, the cursor stays
          return void (await jsm.consumers.update(stream, durable, config));
        case STREAM_NOT_FOUND: // deleted since we created it
          this.forgetStream(stream);
          await this.ensureStream(stream);
          return void (await jsm.consumers.add(stream, config));
        default:
          throw error;
      }
    }
  }

  private async createStream(stream: string): Promise<void> {
    const jsm = await this.jsm();
    try {
      await jsm.streams.add({
        name: stream,
        subjects: [streamSubjects(stream)],
        storage: StorageType.File,
        duplicate_window: nanos(this.settings.duplicateWindowMs),
      });
    } catch (error) {
      // it exists with another configuration (e.g. set up by an operator): use it as it is
      if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
    }
  }

  /**
   * Both keys are always set (undefined drops out of the JSON) so an update never ends up with
   * both. Servers before 2.10 cannot filter on several subjects: they send the whole stream and
   * the durable filters on the client side (it filters there anyway).
   */
  private filter(subjects: string[]): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
    if (subjects.length === 1) return { filter_subject: subjects[0], filter_subjects: undefined };
    if (supportsMultipleFilters(this.nc.info?.version)) return { filter_subject: undefined, filter_subjects: subjects };
    return { filter_subject: undefined, filter_subjects: undefined };
  }
}

function supportsMultipleFilters(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}
