import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom, withCorrelationId } from './correlation';

/** Makes the request's correlation id current for everything the request causes. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    req.headers[CORRELATION_HEADER] = id;
    if (!res.headersSent) res.setHeader(CORRELATION_HEADER, id);
    withCorrelationId(id, next);
  }
}
