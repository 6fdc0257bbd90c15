import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AUTH_PROVIDER, type AuthProvider } from '@ams/auth';
import { DomainError } from '@ams/contracts';
import type { SignedInUser } from '../users/signed-in-user';
import { UsersService } from '../users/users.service';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** A valid bearer token or no entry; the signed-in user is attached to the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(AUTH_PROVIDER) private readonly provider: AuthProvider,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { signedInUser?: SignedInUser }>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token)
      throw new DomainError('UNAUTHENTICATED', 'Sign in and send your token as "Authorization: Bearer <token>".');
    request.signedInUser = await this.users.signIn(await this.provider.verify(token));
    return true;
  }
}
