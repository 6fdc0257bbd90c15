/**
 * Where the signed-in user's token comes from: a local development token kept in
 * localStorage until it expires, or Firebase, which refreshes its own ID tokens.
 */
export interface TokenStore {
  get(): Promise<string | null>;
  /** A local (dev issuer) token. */
  setLocal(token: string): void;
  /** Firebase: ask it for a fresh ID token each time (it caches and refreshes). */
  useProvider(getToken: () => Promise<string | null>, signOut: () => Promise<void>): void;
  clear(): Promise<void>;
  hasSession(): boolean;
}

const KEY = 'ams.token';
/** Treat a token as expired a little early, so a request never leaves with one about to lapse. */
const EXPIRY_MARGIN_SECONDS = 30;

export function createTokenStore(storage: Storage = window.localStorage): TokenStore {
  let provider: { getToken: () => Promise<string | null>; signOut: () => Promise<void> } | null = null;

  const localToken = (): string | null => {
    const token = storage.getItem(KEY);
    if (!token) return null;
    const expiresAt = expiryOf(token);
    if (expiresAt !== null && expiresAt - EXPIRY_MARGIN_SECONDS <= Date.now() / 1000) {
      storage.removeItem(KEY);
      return null;
    }
    return token;
  };

  return {
    async get() {
      return provider ? provider.getToken() : localToken();
    },
    setLocal(token) {
      storage.setItem(KEY, token);
    },
    useProvider(getToken, signOut) {
      provider = { getToken, signOut };
    },
    async clear() {
      storage.removeItem(KEY);
      await provider?.signOut();
    },
    hasSession() {
      return provider !== null || localToken() !== null;
    },
  };
}

/** A JWT's `exp` (seconds), read without verifying: only to know when to stop using it. */
export function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}
