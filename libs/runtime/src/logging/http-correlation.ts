import { Logger } from '@nestjs/common';
import { newId } from '@platform/kernel';
import { withCorrelationId } from '@platform/messaging';
import type { NextFunction, Request, Response } from 'express';
import { sanitizeText } from './redact';

export const CORRELATION_HEADER = 'X-Correlation-Id';

/** Only ids that are safe to echo and to log (no spaces, quotes or line breaks). */
const WELL_FORMED = /^[\w.-]{1,100}$/;

const logger = new Logger('Http');

/**
 * Express middleware at the HTTP edge: the request's correlation id (its X-Correlation-Id, or the
 * older X-Request-Id, when well formed; else a new one) is echoed in the response and is the current
 * one for everything the request does: its log lines and the bus requests it sends. Each answer is
 * logged at debug level, its query string's secrets redacted.
 */
export function httpCorrelation() {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-correlation-id'] ?? req.headers['x-request-id'];
    const correlationId = typeof given === 'string' && WELL_FORMED.test(given) ? given : newId();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = process.hrtime.bigint();
    res.once('finish', () =>
      // 'finish' comes from the socket, outside the request's async context: enter it again.
      withCorrelationId(correlationId, () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        logger.debug(`${req.method} ${sanitizeText(req.originalUrl ?? req.url)} ${res.statusCode} ${ms.toFixed(1)}ms`);
      }),
    );
    withCorrelationId(correlationId, next);
  };
}
