import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError } from '@ams/contracts';
import type { SignedInUser } from '../users/signed-in-user';

/** Administrators only; goes after AuthGuard, which resolves the signed-in user. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly audit: AuditTrail) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { signedInUser?: SignedInUser }>();
    const user = request.signedInUser;
    if (!user)
      throw new DomainError('UNAUTHENTICATED', 'Sign in and send your token as "Authorization: Bearer <token>".');
    if (!user.isAdmin) {
      // Every attempt: a signed-in user probing admin routes is what an attacker does (risk high).
      this.audit.record('access.denied', {
        userId: user.id,
        actorIdentifier: user.email,
        description: 'Admin route refused: not an administrator',
        metadata: { route: `${request.method} ${request.routeOptions.url ?? ''}` },
      });
      throw new DomainError('FORBIDDEN', 'Administrators only.');
    }
    return true;
  }
}
