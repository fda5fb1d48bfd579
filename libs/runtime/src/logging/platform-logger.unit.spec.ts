import { Logger } from '@nestjs/common';
import { withCorrelationId } from '@platform/messaging';
import { chooseLogFormat, createPlatformLogger, type LogLevel } from './platform-logger';
import { prettyLine } from './pretty';
import { sanitizeText } from './redact';

function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createPlatformLogger({ service: 'identity+billing', level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => lines.join('') };
}

describe('PlatformLogger', () => {
  afterEach(() => Logger.overrideLogger(true)); // back to Nest's own

  it('writes one JSON object per line with level, time, service, context and msg, for Nest Loggers too', () => {
    const { logger, entries } = capture();
    Logger.overrideLogger(logger);
    new Logger('Billing').log('term started');
    logger.warn('plain');
    expect(entries()).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: 'identity+billing', context: 'Billing', msg: 'term started' },
      expect.objectContaining({ level: 'warn', msg: 'plain' }),
    ]);
    expect(entries()[1]).not.toHaveProperty('context');
  });

  it('adds the current correlation id', () => {
    const { logger, entries } = capture();
    withCorrelationId('c-42', () => logger.log('inside', 'Ctx'));
    logger.log('outside', 'Ctx');
    expect(entries().map((e) => [e.msg, e.correlationId])).toEqual([['inside', 'c-42'], ['outside', undefined]]);
  });

  it('respects LOG_LEVEL', () => {
    const { logger, entries } = capture('warn');
    logger.debug('d');
    logger.log('l');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((e) => [e.level, e.msg])).toEqual([['warn', 'w'], ['error', 'e']]);
  });

  it('serializes an error with its stack, as Nest passes it (error, context)', () => {
    const { logger, entries } = capture();
    new Logger('X'); // unused: the adapter is called as Nest would
    logger.error('failed', new Error('boom'), 'Issuance');
    logger.error('failed again', 'Error: bang\n    at somewhere (file.ts:1:1)', 'Issuance');
    const [first, second] = entries();
    expect(first).toMatchObject({ level: 'error', context: 'Issuance', msg: 'failed', err: { type: 'Error', message: 'boom', stack: expect.stringContaining('Error: boom') } });
    expect(second).toMatchObject({ context: 'Issuance', stack: expect.stringContaining('Error: bang') });
  });

  it('redacts secret fields at any depth and secrets inside text', () => {
    const { logger, raw, entries } = capture();
    logger.log({ password: 'pw-1', nested: { token: 'tok-1', deeper: { hmacKey: 'hmac-1', headers: { authorization: 'Bearer bearer-1', cookie: 'c-1' } } } }, 'Ctx');
    logger.warn('GET /api/v1/accept?token=tok-2&x=1 failed', { accessToken: 'tok-3', csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----' }, 'Ctx');
    logger.error('mail failed', new Error('could not send https://portal/invite?token=tok-4'), 'Ctx');
    logger.log('body {"email":"a@b","password":"pw-2"} with Authorization: Bearer bearer-2', 'Ctx');
    for (const secret of ['pw-1', 'tok-1', 'hmac-1', 'bearer-1', 'c-1', 'tok-2', 'tok-3', 'MIIB', 'tok-4', 'pw-2', 'bearer-2']) expect(raw()).not.toContain(secret);
    expect(entries()[1].msg).toBe('GET /api/v1/accept?token=[redacted]&x=1 failed');
    expect(entries()[0]).toMatchObject({ data: { password: '[redacted]', nested: { token: '[redacted]' } } });
  });

  it('chooses pretty output on a terminal outside production, unless LOG_FORMAT says otherwise', () => {
    expect(chooseLogFormat({}, true)).toBe('pretty');
    expect(chooseLogFormat({}, false)).toBe('json');
    expect(chooseLogFormat({ NODE_ENV: 'production' }, true)).toBe('json');
    expect(chooseLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(chooseLogFormat({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe('pretty');
  });

  it('prints a human-readable line in pretty mode', () => {
    const line = JSON.stringify({ level: 'warn', time: '2026-12-07T10:11:12.345Z', service: 'billing', context: 'Scheduler', msg: 'late', correlationId: 'c-1', term: 3 });
    expect(prettyLine(line)).toBe('10:11:12.345 WARN  [billing] Scheduler: late (c-1)\n  {"term":3}');
  });
});

describe('sanitizeText', () => {
  it.each([
    ['https://portal/accept-invitation?token=abc.def', 'https://portal/accept-invitation?token=[redacted]'],
    ['Set your password: https://p/x?a=1&token=a%2Fb c', 'Set your password: https://p/x?a=1&token=[redacted] c'],
    ['authorization: Bearer eyJhbGciOi.x.y', 'authorization: Bearer [redacted]'],
    ['key -----BEGIN PRIVATE KEY-----\nMIIE', 'key [redacted PRIVATE KEY]'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (text, expected) => expect(sanitizeText(text)).toBe(expected));
});
