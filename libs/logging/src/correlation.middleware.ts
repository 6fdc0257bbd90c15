import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom, withRequestContext } from './correlation';

/**
 * Makes the request's correlation id and client current for everything the request causes.
 * `ip` is Fastify's (middie copies it onto the raw request), so it honours the trustProxy setting.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { ip?: string }, res: ServerResponse, next: () => void): void {
    const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    req.headers[CORRELATION_HEADER] = id;
    if (!res.headersSent) res.setHeader(CORRELATION_HEADER, id);
    withRequestContext(
      id,
      { ipAddress: req.ip ?? req.socket?.remoteAddress, userAgent: req.headers['user-agent'] },
      next,
    );
  }
}
