import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';

/**
 * Counts this request in every given key, in one round trip and atomically (replicas share the
 * counters). A key's window starts at its first hit and is never extended by later ones, refused
 * or not; a key left without expiry somehow gets one rather than counting forever.
 * Returns [used, milliseconds left] per key. (Not @nest-lab/throttler-storage-redis: it costs a
 * round trip per bucket and its refusal block outlives the window it was refused in.)
 */
const COUNT_SCRIPT = `
local window = tonumber(ARGV[1])
local result = {}
for _, key in ipairs(KEYS) do
  local used = redis.call('INCR', key)
  local left = redis.call('PTTL', key)
  if left < 0 then
    redis.call('PEXPIRE', key, window)
    left = window
  end
  table.insert(result, used)
  table.insert(result, left)
end
return result`;

type CountingRedis = Redis & { countRateWindows(keyCount: number, ...args: (string | number)[]): Promise<number[]> };

export interface WindowCount {
  used: number;
  resetMs: number;
}

/** How long start-up waits for Redis: long enough to be counting from the first request, never blocking boot. */
const READY_WAIT_MS = 2_000;

/** The rate-limit counters in Redis. Every method answers null when Redis cannot: callers fail open. */
@Injectable()
export class RateLimitStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly redis?: CountingRedis;
  private warned = false;

  // Connected even with RATE_LIMITS=off: the audit trail's once-per-window markers live here too.
  constructor(config: ConfigService) {
    // No offline queue and a short command timeout: with Redis down or hung a request waits
    // at most that long instead of piling up behind reconnection attempts.
    const redis = new Redis(config.getOrThrow<string>('REDIS_URL'), {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 500,
    });
    redis.defineCommand('countRateWindows', { lua: COUNT_SCRIPT });
    redis.on('error', (error: Error) => this.unavailable(error));
    this.redis = redis as CountingRedis;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis || this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      // Not events.once, which rejects on the first 'error' (a refused connection, a ready check
      // over the command timeout on a busy machine): Redis is optional, its errors never fail the boot.
      new Promise((resolve) => this.redis!.once('ready', resolve)),
      new Promise((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  /** Count one request in each key; windows of `windowMs` start at a key's first request. */
  async count(keys: readonly string[], windowMs: number): Promise<WindowCount[] | null> {
    const redis = this.redis;
    if (!redis) return null;
    const flat = await this.attempt(() => redis.countRateWindows(keys.length, ...keys, windowMs));
    if (!flat) return null;
    return keys.map((_, i) => ({ used: Number(flat[2 * i]), resetMs: Number(flat[2 * i + 1]) }));
  }

  /**
   * True for the first caller only, until the key expires (SET NX): "once per window" markers.
   * Null when Redis cannot say: the caller decides whether to act anyway.
   */
  async claimOnce(key: string, ttlSeconds: number): Promise<boolean | null> {
    const redis = this.redis;
    if (!redis) return null;
    try {
      return (await redis.set(key, '1', 'EX', Math.max(1, ttlSeconds), 'NX')) === 'OK'; // null: taken
    } catch (error) {
      this.unavailable(error as Error);
      return null;
    }
  }

  private async attempt<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      this.unavailable(error as Error);
      return null;
    }
  }

  /** One warning a minute at most: a Redis outage must not flood the log either. */
  private unavailable(error: Error): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(
      { err: error.message },
      'Redis unavailable: requests are served without rate limits, audit markers are per replica',
    );
    setTimeout(() => (this.warned = false), 60_000).unref();
  }
}
