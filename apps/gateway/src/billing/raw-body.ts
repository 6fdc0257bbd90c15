import type { RawBodyRequest } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, preParsingHookHandler } from 'fastify';
import { Transform } from 'node:stream';

/**
 * Keep the exact bytes of the body on `request.rawBody` for these routes only (Stripe signs the
 * bytes it sent; re-serialised JSON would not verify). The body still goes through Fastify's
 * parser and its size limit: this only copies what flows past. Call before the app initialises
 * (routes are registered then).
 */
export function keepRawBody(app: NestFastifyApplication, routes: { method: string; url: string }[]): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (!routes.some(({ method, url }) => url === route.url && methods.includes(method as never))) return;
      const existing = route.preParsing ? [route.preParsing].flat() : [];
      route.preParsing = [...existing, copyRawBody];
    });
}

const copyRawBody: preParsingHookHandler = (request, _reply, payload, done) => {
  const chunks: Buffer[] = [];
  const copy = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      chunks.push(chunk);
      next(null, chunk);
    },
    flush(next) {
      (request as RawBodyRequest<FastifyRequest>).rawBody = Buffer.concat(chunks);
      next();
    },
  });
  payload.on('error', (error) => copy.destroy(error));
  done(null, payload.pipe(copy));
};
