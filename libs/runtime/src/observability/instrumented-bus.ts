import type {
  Closeable,
  ConsumeOptions,
  EventConsumer,
  MessageBus,
  MessageHeaders,
  RequestHandler,
  RequestOptions,
  ServeOptions,
} from '@platform/messaging';
import { Logger } from '@nestjs/common';
import { PlatformMetrics } from './metrics';

const logger = new Logger('Bus');

/**
 * The bus with every request sent and answered, and every event consumed, timed and counted; each
 * request answered and event consumed is logged at debug level (with the correlation id it came with).
 */
export class InstrumentedBus implements MessageBus {
  constructor(
    private readonly bus: MessageBus,
    private readonly metrics: PlatformMetrics,
  ) {}

  get claimsSurviveRestart(): boolean {
    return this.bus.claimsSurviveRestart;
  }

  async request(subject: string, payload: unknown, options?: RequestOptions): Promise<unknown> {
    const end = this.metrics.busRequests.start();
    try {
      const answer = await this.bus.request(subject, payload, options);
      end({ subject, outcome: 'ok' });
      return answer;
    } catch (error) {
      end({ subject, outcome: PlatformMetrics.outcome(error) });
      throw error;
    }
  }

  serve(subject: string, handler: RequestHandler, options?: ServeOptions): Promise<Closeable> {
    return this.bus.serve(
      subject,
      async (payload, headers) => {
        const end = this.metrics.busHandled.start();
        const started = performance.now();
        const handled = (outcome: string) => {
          end({ subject, outcome });
          logger.debug(`${subject} ${outcome} ${(performance.now() - started).toFixed(1)}ms`);
        };
        try {
          const answer = await handler(payload, headers);
          handled('ok');
          return answer;
        } catch (error) {
          handled(PlatformMetrics.outcome(error));
          throw error;
        }
      },
      options,
    );
  }

  publish(stream: string, subject: string, messageId: string, payload: unknown, headers?: MessageHeaders): Promise<void> {
    return this.bus.publish(stream, subject, messageId, payload, headers);
  }

  consume(options: ConsumeOptions, handler: EventConsumer): Promise<Closeable> {
    return this.bus.consume(options, async (event) => {
      try {
        await handler(event);
        this.metrics.busEvents.inc({ subject: event.subject, outcome: 'ok' });
        logger.debug(`${options.durable} consumed ${event.subject} ${event.id}`);
      } catch (error) {
        this.metrics.busEvents.inc({ subject: event.subject, outcome: 'error' });
        throw error;
      }
    });
  }

  claimOnce(bucket: string, key: string, ttlMs: number): Promise<boolean> {
    return this.bus.claimOnce(bucket, key, ttlMs);
  }

  isConnected(): boolean {
    return this.bus.isConnected();
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
