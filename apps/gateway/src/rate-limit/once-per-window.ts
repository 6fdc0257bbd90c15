import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { RateLimitStore } from './rate-limit.store';

/** What a claim found: the first in its window, a repeat, or first as far as this replica knows. */
export type Claim = 'first' | 'repeat' | 'first-here';

/**
 * "Once per window" for audit entries that could otherwise repeat per request (sign-ins, refused
 * requests): a SET NX marker in Redis, shared by every replica. When Redis cannot answer, the
 * replica's own memory decides instead: duplicates across replicas beat lost entries, and a flood
 * still does not become a flood of entries.
 */
@Injectable()
export class OncePerWindow {
  private readonly prefix: string;
  private readonly local = new LRUCache<string, true>({ max: 10_000, ttlAutopurge: false });

  constructor(
    private readonly store: RateLimitStore,
    config: ConfigService,
  ) {
    this.prefix = `${config.getOrThrow<string>('RATE_LIMIT_KEY_PREFIX')}:once`;
  }

  async claim(key: string, windowSeconds: number): Promise<Claim> {
    const shared = await this.store.claimOnce(`${this.prefix}:${key}`, windowSeconds);
    if (shared !== null) return shared ? 'first' : 'repeat';
    if (this.local.has(key)) return 'repeat';
    this.local.set(key, true, { ttl: windowSeconds * 1000 });
    return 'first-here';
  }
}
