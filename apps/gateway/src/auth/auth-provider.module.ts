import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AUTH_PROVIDER, createAuthProvider } from '@ams/auth';

/** The configured token verifier (local or Firebase), built once from the validated config. */
@Module({
  providers: [
    {
      provide: AUTH_PROVIDER,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        createAuthProvider({
          NODE_ENV: config.getOrThrow('NODE_ENV'),
          AUTH_PROVIDER: config.get('AUTH_PROVIDER'),
          LOCAL_AUTH_SECRET: config.get('LOCAL_AUTH_SECRET'),
          LOCAL_AUTH_TOKEN_TTL_SECONDS: config.getOrThrow('LOCAL_AUTH_TOKEN_TTL_SECONDS'),
          FIREBASE_PROJECT_ID: config.get('FIREBASE_PROJECT_ID'),
          FIREBASE_CHECK_REVOKED: config.getOrThrow('FIREBASE_CHECK_REVOKED'),
          DATA_DIR: config.getOrThrow('DATA_DIR'),
        }),
    },
  ],
  exports: [AUTH_PROVIDER],
})
export class AuthProviderModule {}
