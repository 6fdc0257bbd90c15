import { DomainError } from '@ams/contracts';
import type { AuthProvider, VerifiedIdentity } from '../auth-provider';
import { sessionIdOf } from '../session-id';

/** The part of firebase-admin's Auth this provider uses (the SDK boundary tests stand in for). */
export interface FirebaseTokenVerifier {
  verifyIdToken(
    token: string,
    checkRevoked?: boolean,
  ): Promise<{
    uid: string;
    email?: string;
    email_verified?: boolean;
    name?: unknown;
    picture?: string;
    /** When the user signed in (seconds): refreshed ID tokens keep it, so it names the session. */
    auth_time?: number;
    /** A custom claim (set with the Admin SDK's setCustomUserClaims). */
    admin?: unknown;
  }>;
}

/** Firebase ID tokens, verified by the official Admin SDK against Google's keys. */
export class FirebaseAuthProvider implements AuthProvider {
  readonly kind = 'firebase';

  constructor(
    private readonly auth: FirebaseTokenVerifier,
    private readonly checkRevoked: boolean,
  ) {}

  async verify(token: string): Promise<VerifiedIdentity> {
    try {
      const decoded = await this.auth.verifyIdToken(token, this.checkRevoked);
      return {
        uid: decoded.uid,
        email: decoded.email,
        displayName: typeof decoded.name === 'string' ? decoded.name : undefined,
        avatarUrl: decoded.picture,
        admin: decoded.admin === true,
        emailVerified: decoded.email_verified === true,
        sessionId:
          typeof decoded.auth_time === 'number' ? sessionIdOf('firebase', decoded.uid, decoded.auth_time) : undefined,
      };
    } catch (error) {
      throw refusal((error as { code?: string }).code);
    }
  }
}

function refusal(code: string | undefined): DomainError {
  switch (code) {
    case 'auth/id-token-expired':
      return new DomainError('TOKEN_EXPIRED', 'The token has expired; sign in again.');
    case 'auth/id-token-revoked':
      return new DomainError('TOKEN_INVALID', 'The token was revoked; sign in again.');
    case 'auth/user-disabled':
      return new DomainError('ACCOUNT_SUSPENDED', 'This account is disabled.');
    default:
      return new DomainError('TOKEN_INVALID', 'The token is not valid.');
  }
}

/** The real SDK for a project (verification needs only the project id, no credentials). */
export async function firebaseVerifier(projectId: string): Promise<FirebaseTokenVerifier> {
  const { getApps, initializeApp } = await import('firebase-admin/app');
  const { getAuth } = await import('firebase-admin/auth');
  const name = `ams-${projectId}`;
  const app = getApps().find((candidate) => candidate.name === name) ?? initializeApp({ projectId }, name);
  return getAuth(app);
}
