import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';
import { Database } from './database';

/** Injection token of the service's PostgreSQL connection pool. */
export const PG_POOL = Symbol('PG_POOL');

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly database: Database,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.disconnect();
    await this.pool.end();
  }
}

/** One pool per service process (sized by DATABASE_POOL_SIZE) and the `Database` over it; closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const pool = new Pool({
          connectionString: config.getOrThrow<string>('DATABASE_URL'),
          max: config.get<number>('DATABASE_POOL_SIZE') ?? 5,
          connectionTimeoutMillis: 5000,
          idleTimeoutMillis: 30_000,
        });
        // A dropped idle connection must not crash the process; the pool replaces it.
        pool.on('error', () => undefined);
        return pool;
      },
    },
    { provide: Database, inject: [PG_POOL], useFactory: (pool: Pool) => new Database(pool) },
    ConnectionCloser,
  ],
  exports: [PG_POOL, Database],
})
export class DatabaseModule {}
