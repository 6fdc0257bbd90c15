import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SignedInUser } from '../users/signed-in-user';

/** The signed-in user the auth guard attached to the request. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedInUser =>
    context.switchToHttp().getRequest<{ signedInUser: SignedInUser }>().signedInUser,
);
