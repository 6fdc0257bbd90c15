import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AUTH_PROVIDER, type AuthProvider, type VerifiedIdentity } from '@ams/auth';
import { DomainError } from '@ams/contracts';
import { noteClient } from '@ams/logging';
import type { SignedInUser } from '../users/signed-in-user';
import { AccountUnavailable, UsersService } from '../users/users.service';
import { SignInAudit, type SignInFailure } from './sign-in.audit';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** Three base64url segments: anything else is garbage, not an attempt at a forged token. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

type GuardedRequest = FastifyRequest & { signedInUser?: SignedInUser };

/**
 * A valid bearer token or no entry; the signed-in user is attached to the request and the
 * session to the request context (so every later audit entry, here and downstream, carries it).
 * Sign-ins and refusals are audited without the request waiting for it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(AUTH_PROVIDER) private readonly provider: AuthProvider,
    private readonly users: UsersService,
    private readonly signIns: SignInAudit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    const token = BEARER.exec(header ?? '')?.[1];
    if (!token) {
      this.signIns.failed(request, header ? 'malformed_header' : 'missing_token');
      throw new DomainError('UNAUTHENTICATED', 'Sign in and send your token as "Authorization: Bearer <token>".');
    }
    const identity = await this.verified(request, token);
    noteClient({ sessionId: identity.sessionId });
    try {
      request.signedInUser = await this.users.signIn(identity);
    } catch (error) {
      const reason = accountRefusal(error);
      if (reason) this.signIns.failed(request, reason, error instanceof AccountUnavailable ? error.userId : null);
      throw error;
    }
    this.signIns.signedIn(request.signedInUser, identity, this.provider.kind);
    return true;
  }

  private async verified(request: GuardedRequest, token: string): Promise<VerifiedIdentity> {
    try {
      return await this.provider.verify(token);
    } catch (error) {
      const reason = tokenRefusal(error, token);
      if (reason) this.signIns.failed(request, reason);
      throw error;
    }
  }
}

function tokenRefusal(error: unknown, token: string): SignInFailure | undefined {
  if (!(error instanceof DomainError)) return undefined; // e.g. the provider unreachable: not the caller's doing
  switch (error.code) {
    case 'TOKEN_EXPIRED':
      return 'token_expired';
    case 'ACCOUNT_SUSPENDED':
      return 'account_suspended';
    case 'TOKEN_INVALID':
      return JWT_SHAPE.test(token) ? 'token_invalid' : 'token_malformed';
    default:
      return undefined;
  }
}

function accountRefusal(error: unknown): SignInFailure | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'ACCOUNT_SUSPENDED':
      return 'account_suspended';
    case 'ACCOUNT_DELETED':
      return 'account_deleted';
    case 'TOKEN_INVALID':
      return 'no_usable_email';
    case 'EMAIL_IN_USE':
      return 'email_in_use';
    default:
      return undefined;
  }
}
