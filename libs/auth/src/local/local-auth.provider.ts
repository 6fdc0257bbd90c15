import { createHash, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { DomainError } from '@ams/contracts';
import type { AuthProvider, VerifiedIdentity } from '../auth-provider';
import { sessionIdOf } from '../session-id';

const ISSUER = 'ai-media-search/local';
const AUDIENCE = 'ai-media-search';
const ALGORITHM = 'HS256';

/**
 * Development sign-in without an account anywhere: tokens signed with a local key. The uid is
 * derived from the email, so the same email always signs in as the same user.
 */
export class LocalAuthProvider implements AuthProvider {
  readonly kind = 'local';
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A signed token for `email` (the dev-token route); each one is a sign-in session of its own (its jti). */
  issue(email: string): Promise<string> {
    const normalized = email.trim().toLowerCase();
    return new SignJWT({ email: normalized })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(localUid(normalized))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
        requiredClaims: ['sub', 'exp'],
      });
      if (typeof payload.email !== 'string') throw new DomainError('TOKEN_INVALID', 'The token carries no email.');
      // A local token is never refreshed: one token, one session (tokens from before jti: by iat).
      const uid = payload.sub as string; // a required claim
      const signIn = typeof payload.jti === 'string' ? payload.jti : (payload.iat ?? 0);
      return { uid, email: payload.email, sessionId: sessionIdOf('local', uid, signIn) };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof errors.JWTExpired)
        throw new DomainError('TOKEN_EXPIRED', 'The token has expired; sign in again.');
      throw new DomainError('TOKEN_INVALID', 'The token is not valid.');
    }
  }
}

/** Stable, opaque uid for a local account: not the email itself, which may change. */
export function localUid(email: string): string {
  return `local-${createHash('sha256').update(email).digest('hex').slice(0, 28)}`;
}
