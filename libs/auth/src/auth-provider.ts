/** Who a verified token says the caller is. */
export interface VerifiedIdentity {
  /** The identity provider's stable user id (stored as users.firebase_uid). */
  uid: string;
  email?: string;
  displayName?: string;
  avatarUrl?: string;
  /**
   * The identity provider vouches for administrator rights (Firebase: the custom claim
   * `admin: true`, set only with the Admin SDK). Local tokens never carry it.
   */
  admin?: boolean;
  /**
   * False when the provider says the email address was never verified (Firebase
   * `email_verified`); absent when the provider has no such notion (local tokens).
   */
  emailVerified?: boolean;
  /**
   * The sign-in session the token belongs to, stable across token refreshes (an opaque hash:
   * no token material). Absent when the token says nothing about its session.
   */
  sessionId?: string;
}

/** Verifies bearer tokens; one implementation per identity provider. */
export interface AuthProvider {
  readonly kind: 'local' | 'firebase';
  /** Resolve a token to its identity, or throw a DomainError (TOKEN_EXPIRED, TOKEN_INVALID, ACCOUNT_SUSPENDED). */
  verify(token: string): Promise<VerifiedIdentity>;
}

/** Nest injection token for the configured AuthProvider. */
export const AUTH_PROVIDER = Symbol('AUTH_PROVIDER');
