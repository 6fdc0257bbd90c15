import { Module } from '@nestjs/common';
import { ConditionalModule } from '@nestjs/config';
import { resolveAuthProvider, type AuthEnv } from '@ams/auth';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { AdminGuard } from './admin.guard';
import { AuthConfigController } from './auth-config.controller';
import { AuthGuard } from './auth.guard';
import { AuthProviderModule } from './auth-provider.module';
import { DevTokenController } from './dev-token.controller';
import { SignInAudit } from './sign-in.audit';

@Module({ imports: [AuthProviderModule], controllers: [DevTokenController] })
class DevTokenModule {}

/** The dev-token route exists only where local tokens are the provider and never in production. */
function devTokensEnabled(env: NodeJS.ProcessEnv): boolean {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AuthEnv['NODE_ENV'];
  const provider = resolveAuthProvider({
    NODE_ENV: nodeEnv,
    AUTH_PROVIDER: env.AUTH_PROVIDER as AuthEnv['AUTH_PROVIDER'],
  });
  return provider === 'local' && nodeEnv !== 'production';
}

/** Sign-in: the token verifier, the guard that resolves the user, and the dev-token route where allowed. */
@Module({
  imports: [
    AuthProviderModule,
    RateLimitModule, // its Redis holds the once-per-session and once-per-minute audit markers
    ConditionalModule.registerWhen(DevTokenModule, devTokensEnabled),
  ],
  controllers: [AuthConfigController],
  providers: [AuthGuard, AdminGuard, SignInAudit, UsersService, UsersRepository],
  exports: [AuthProviderModule, AuthGuard, AdminGuard, SignInAudit, UsersService, UsersRepository],
})
export class AuthModule {}
