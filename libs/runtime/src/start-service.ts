import type { INestApplication, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { InvalidConfiguration, validateProcessEnv } from '@ams/config';
import { CORRELATION_HEADER } from '@ams/contracts';
import { correlationIdFrom } from '@ams/logging';

export interface StartServiceOptions {
  /** Checked before anything is loaded, so a bad value stops the service with one clear message. */
  envSchema: z.ZodType;
  /** Config variable holding the HTTP port: PORT for the gateway, HEALTH_PORT for workers. */
  portVariable: 'PORT' | 'HEALTH_PORT';
  /** Whose X-Forwarded-For to believe for the client IP (Fastify's trustProxy); the gateway's TRUST_PROXY. */
  trustProxy?: (env: Record<string, unknown>) => boolean | number | string;
  /** Fastify plugins and hooks to add before the app starts (the gateway's uploads, docs, errors). */
  configure?: (app: NestFastifyApplication) => Promise<void>;
}

/**
 * Boot a service: Fastify HTTP (API or health/metrics), pino as the Nest logger, graceful
 * shutdown on SIGTERM/SIGINT. A start-up error (bad configuration first of all) prints and exits 1.
 */
export async function startService(
  loadAppModule: () => Promise<Type>,
  options: StartServiceOptions,
): Promise<INestApplication> {
  try {
    const env = validateProcessEnv(options.envSchema) as Record<string, unknown>;
    const appModule = await loadAppModule();
    const adapter = fastifyAdapter({ trustProxy: options.trustProxy?.(env) ?? false });
    const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, {
      bufferLogs: true,
    });
    app.useLogger(app.get(Logger));
    await options.configure?.(app);
    app.enableShutdownHooks();
    const config = app.get(ConfigService);
    const host = config.get<string>('HOST') ?? '0.0.0.0';
    await app.listen(config.getOrThrow<number>(options.portVariable), host);
    return app;
  } catch (error) {
    // Start-up failures end the process with a readable line, not an unhandled rejection.
    const message =
      error instanceof InvalidConfiguration ? error.message : `failed to start: ${(error as Error).stack}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

/** Fastify's request id is the correlation id, so request logs and handler logs agree. */
export function fastifyAdapter({
  trustProxy = false,
}: { trustProxy?: boolean | number | string } = {}): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy,
    genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
  });
}
