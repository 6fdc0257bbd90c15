import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { z } from 'zod';
import { validateEnv } from './env';

/**
 * Loads and validates the environment once at start-up. A bad value stops the service
 * with a message that names the variable, before anything connects anywhere.
 */
@Module({})
export class AppConfigModule {
  static forRoot<S extends z.ZodType>(schema: S): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          envFilePath: ['.env'],
          validate: (raw) => validateEnv(schema, raw) as Record<string, unknown>,
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
