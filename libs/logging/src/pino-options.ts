import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom, currentCorrelationId } from './correlation';
import { REDACT_PATHS, REDACTED } from './redaction';

/**
 * pino settings shared by every service: JSON lines stamped with the service name and, inside a
 * request or message handler, its correlation id; secrets censored by path.
 */
export function pinoOptions(service: string, level: string): Options {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
      res.setHeader(CORRELATION_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
  };
}
