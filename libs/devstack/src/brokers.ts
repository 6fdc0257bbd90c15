import { connect } from 'amqplib';
import { findProgram, isPortOpen, requireProgram, runQuietly, waitUntil } from './processes';

/** A dependency the local stack uses; `stop` is set only when this process started it. */
export interface LocalDependency {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

const nothingToStop = async () => undefined;

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

async function amqpAnswers(url: string): Promise<boolean> {
  const connection = await connect(url);
  await connection.close();
  return true;
}

/**
 * RabbitMQ at `configuredUrl` when given (only connect); otherwise the local default, started
 * from the installed server when nothing answers on 5672.
 */
export async function ensureRabbitMq(configuredUrl?: string): Promise<LocalDependency> {
  if (configuredUrl) return { url: configuredUrl, started: false, stop: nothingToStop };
  const url = DEFAULT_AMQP_URL;
  if (await isPortOpen(5672)) {
    await waitUntil('RabbitMQ', () => amqpAnswers(url), 30_000);
    return { url, started: false, stop: nothingToStop };
  }
  const server = requireProgram('rabbitmq-server', 'rabbitmq-server');
  if (runQuietly(server, ['-detached']) !== 0) throw new Error('rabbitmq-server -detached failed');
  await waitUntil('RabbitMQ', () => amqpAnswers(url), 60_000, 500);
  return {
    url,
    started: true,
    stop: async () => {
      runQuietly(requireProgram('rabbitmqctl', 'rabbitmq-server'), ['stop']);
      // The Erlang port mapper outlives the broker; it was started for it, so it goes too.
      const epmd = findProgram('epmd');
      if (epmd) runQuietly(epmd, ['-kill']);
    },
  };
}

/** Redis at `configuredUrl` when given; otherwise the local default, started when nothing answers. */
export async function ensureRedis(configuredUrl?: string): Promise<LocalDependency> {
  if (configuredUrl) return { url: configuredUrl, started: false, stop: nothingToStop };
  const url = DEFAULT_REDIS_URL;
  if (await isPortOpen(6379)) return { url, started: false, stop: nothingToStop };
  const server = requireProgram('redis-server', 'redis-server');
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'];
  if (runQuietly(server, args) !== 0) throw new Error('redis-server failed to start');
  await waitUntil('Redis', () => isPortOpen(6379), 15_000, 100);
  return {
    url,
    started: true,
    stop: async () => {
      runQuietly(requireProgram('redis-cli', 'redis-server'), ['-p', '6379', 'shutdown', 'nosave']);
    },
  };
}
