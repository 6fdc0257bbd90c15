import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';

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
  const assetsDir = join(distDir, 'assets');

  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (API_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix)))
      return reply.callNotFound();
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  };

  // Encapsulated: compression applies to the client's files only, never to API answers or streams.
  await app.register(async (web: FastifyInstance) => {
    // Brotli at a moderate quality: ~⅓ of the JavaScript's size for little CPU; gzip otherwise.
    await web.register(fastifyCompress, { encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } } });
    await web.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: false,
      wildcard: false,
      decorateReply: false,
      setHeaders(response, path) {
        response.header(
          'cache-control',
          path.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    web.get('/', sendPage);
    web.get('/*', sendPage);
  });
  return true;
}
