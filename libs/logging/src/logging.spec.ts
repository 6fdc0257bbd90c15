import pino from 'pino';
import { Writable } from 'node:stream';
import { correlationIdFrom, withCorrelationId } from './correlation';
import { pinoOptions } from './pino-options';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const { level, base, redact, mixin } = pinoOptions('media', 'info');
  return { logger: pino({ level, base, redact, mixin } as pino.LoggerOptions, sink), lines };
}

describe('logging', () => {
  it('stamps every line with the service and, inside a handler, the correlation id', () => {
    const { logger, lines } = captureLogger();
    logger.info('outside');
    withCorrelationId('corr-42', () => logger.info({ mediaId: 'm1' }, 'inside'));
    expect(lines[0]).toMatchObject({ service: 'media', msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('correlationId');
    expect(lines[1]).toMatchObject({ service: 'media', correlationId: 'corr-42', mediaId: 'm1' });
  });

  it('censors credentials in headers and secret-named fields at any of the first levels', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJhbGciOi.secret',
            cookie: 'sid=abc',
            'stripe-signature': 't=1,v1=5257a869',
            accept: 'json',
          },
        },
        password: 'hunter2',
        stripe: { apiKey: 'sk_live_123', secret: 'whsec_1' },
        user: { profile: { token: 't0k3n' } },
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['eyJhbGciOi', 'sid=abc', '5257a869', 'hunter2', 'sk_live_123', 'whsec_1', 't0k3n']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ req: { headers: { accept: 'json', authorization: '[redacted]' } } });
  });

  it('keeps a plain correlation id from the caller and replaces a hostile or missing one', () => {
    expect(correlationIdFrom('abc-123')).toBe('abc-123');
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
    const replaced = [
      correlationIdFrom('bad id\nwith newline'),
      correlationIdFrom('x'.repeat(500)),
      correlationIdFrom(undefined),
    ];
    for (const id of replaced) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
