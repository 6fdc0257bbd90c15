import fastifyMultipart from '@fastify/multipart';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { version } from '../package.json';
import { keepRawBody } from './billing/raw-body';
import { STRIPE_WEBHOOK_ROUTE } from './billing/stripe-webhook.controller';
import type { GatewayConfig } from './config';
import { setUpOpenApi } from './openapi/openapi';
import { applyHttpSecurity } from './security/http-security';
import { serveWebClient } from './web-client/serve-web-client';

/** apps/web/dist beside this app, where `nx run web:build` puts the client. */
const DEFAULT_WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');

/**
 * What the gateway adds to the Fastify instance before it starts: security headers, CORS and the
 * body limit, streamed multipart uploads and the OpenAPI docs. (Errors Fastify raises before a
 * route runs, e.g. while parsing a body, reach Nest's exception filters as HttpExceptions, so
 * ProblemFilter answers them too.)
 */
export async function configureGateway(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<GatewayConfig, true>>(ConfigService);
  await applyHttpSecurity(app, {
    production: config.get('NODE_ENV', { infer: true }) === 'production',
    corsOrigins: config.get('CORS_ORIGINS', { infer: true }),
    bodyLimitBytes: config.get('BODY_LIMIT_BYTES', { infer: true }),
    firebaseWebClient: config.get('AUTH_PROVIDER', { infer: true }) === 'firebase',
  });
  // Limits per upload are set per request from the user's plan; these bound everything else.
  // preservePath: see the filename as sent, so a path in it is refused rather than silently cut.
  await app.register(fastifyMultipart, { preservePath: true, limits: { fieldNameSize: 100, headerPairs: 100 } });
  // Stripe signs the exact bytes it sends: the webhook route keeps them beside the parsed body.
  keepRawBody(app, [STRIPE_WEBHOOK_ROUTE]);
  setUpOpenApi(app, version);
  await serveWebClient(app, config.get('WEB_DIST_DIR', { infer: true }) ?? DEFAULT_WEB_DIST);
}
