import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@ams/contracts';
import type { SignedInUser } from '../users/signed-in-user';

/** Administrators only; goes after AuthGuard, which resolves the signed-in user. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ signedInUser?: SignedInUser }>().signedInUser;
    if (!user)
      throw new DomainError('UNAUTHENTICATED', 'Sign in and send your token as "Authorization: Bearer <token>".');
    if (!user.isAdmin) throw new DomainError('FORBIDDEN', 'Administrators only.');
    return true;
  }
}
