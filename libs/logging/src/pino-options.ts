import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom, currentCorrelationId } from './correlation';
import { REDACT_PATHS, REDACTED } from './redaction';

const UNLOGGED_PATHS = ['/health', '/metrics'];

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
    // Probes and Prometheus scrapes arrive every few seconds: a line each would drown the log.
    // originalUrl: under Fastify's middleware layer req.url is relative to the mount point ('/').
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.some((path) => requestPath(req).startsWith(path)) },
  };
}

function requestPath(req: IncomingMessage & { originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '';
}
