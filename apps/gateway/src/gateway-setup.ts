import fastifyMultipart from '@fastify/multipart';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { version } from '../package.json';
import { setUpOpenApi } from './openapi/openapi';
import { sendProblem } from './problem/problem.filter';

/**
 * What the gateway adds to the Fastify instance before it starts: streamed multipart uploads,
 * problem+json for errors raised before a route runs (body parsing), and the OpenAPI docs.
 */
export async function configureGateway(app: NestFastifyApplication): Promise<void> {
  // Limits per upload are set per request from the user's plan; these bound everything else.
  await app.register(fastifyMultipart, { limits: { fieldNameSize: 100, headerPairs: 100 } });
  const logger = new Logger('Gateway');
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error, request, reply) => sendProblem(error, request, reply, logger));
  setUpOpenApi(app, version);
}
