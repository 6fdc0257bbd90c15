import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths that belong to the API: never answered with the web client's page. */
const API_PREFIXES = ['/v1/', '/health/', '/docs', '/metrics'];

/**
 * The web client (apps/web, built by Vite) at `/`: hashed assets cached for a year, and
 * index.html for any other page path so client-side routes survive a reload. Nothing is served
 * when the build is missing (an API-only deployment), and API paths keep their problem+json 404s.
 */
export async function serveWebClient(app: NestFastifyApplication, distDir: string): Promise<boolean> {
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) return false;
  const indexHtml = readFileSync(indexPath);
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    index: false,
    wildcard: false,
    decorateReply: false,
    setHeaders(response, path) {
      response.header(
        'cache-control',
        path.includes(`${join(distDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (API_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix)))
      return reply.callNotFound();
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', sendPage);
  fastify.get('/*', sendPage);
  return true;
}
