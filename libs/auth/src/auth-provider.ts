/** Who a verified token says the caller is. */
export interface VerifiedIdentity {
  /** The identity provider's stable user id (stored as users.firebase_uid). */
  uid: string;
  email?: string;
  displayName?: string;
  avatarUrl?: string;
}

/** Verifies bearer tokens; one implementation per identity provider. */
export interface AuthProvider {
  readonly kind: 'local' | 'firebase';
  /** Resolve a token to its identity, or throw a DomainError (TOKEN_EXPIRED, TOKEN_INVALID, ACCOUNT_SUSPENDED). */
  verify(token: string): Promise<VerifiedIdentity>;
}

/** Nest injection token for the configured AuthProvider. */
export const AUTH_PROVIDER = Symbol('AUTH_PROVIDER');
