/**
 * The local stack behind `npm start` and `npm test`: RabbitMQ, Redis and the embedded database
 * are started only when their URL is unset and nothing answers; whatever this process started,
 * it stops again.
 */
import { join } from 'node:path';
import { migrateDatabase } from '@ams/db';
import { ensureRabbitMq, ensureRedis, type LocalDependency } from './brokers';
import { startEmbeddedDatabase } from './embedded-database';
import { freePort } from './processes';
import { stackConfig } from './stack-config';

export interface Stack {
  env: { DATABASE_URL: string; AMQP_URL: string; REDIS_URL: string } & Record<string, string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Keep the embedded database on disk under DATA_DIR (npm start) or in memory (tests). */
  persistent: boolean;
  log: (line: string) => void;
}

/**
 * What the services of an in-memory stack (`npm test`, the benchmarks) run with besides the URLs:
 * tests and benchmarks send far more requests per user than the hourly rate limits allow.
 */
const TEST_STACK_ENV = { RATE_LIMITS: 'off' };

export async function startStack({ persistent, log }: StackOptions): Promise<Stack> {
  const config = stackConfig();
  const started: LocalDependency[] = [];
  try {
    const rabbit = await ensureRabbitMq(config.AMQP_URL);
    started.push(rabbit);
    log(rabbit.started ? 'RabbitMQ started' : 'RabbitMQ found');
    const redis = await ensureRedis(config.REDIS_URL);
    started.push(redis);
    log(redis.started ? 'Redis started' : 'Redis found');

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const database = await startEmbeddedDatabase({
        host: config.EMBEDDED_DB_HOST,
        port: persistent ? config.EMBEDDED_DB_PORT : await freePort(),
        dataDir: persistent ? join(config.DATA_DIR, 'postgres') : undefined,
        maxConnections: config.EMBEDDED_DB_MAX_CONNECTIONS,
        idleOwnerMs: config.EMBEDDED_DB_IDLE_OWNER_MS,
      });
      started.push(database);
      databaseUrl = database.url;
      log(`embedded PostgreSQL listening (${persistent ? 'data in ' + config.DATA_DIR : 'in memory'})`);
    }
    const { applied } = await migrateDatabase(databaseUrl);
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

    return {
      env: {
        DATABASE_URL: databaseUrl,
        AMQP_URL: rabbit.url,
        REDIS_URL: redis.url,
        ...(persistent ? {} : TEST_STACK_ENV),
      },
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** Stop in reverse order of start: the database last to start is the first to go. */
async function stopAll(started: LocalDependency[]): Promise<void> {
  for (const dependency of [...started].reverse()) {
    await dependency.stop().catch(() => undefined);
  }
}
