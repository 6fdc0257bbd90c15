import { resolveAuthProvider, type AuthEnv } from './auth-env';
import type { AuthProvider } from './auth-provider';
import { FirebaseAuthProvider, firebaseVerifier } from './firebase/firebase-auth.provider';
import { LocalAuthProvider } from './local/local-auth.provider';
import { localAuthSecret } from './local/local-secret';

/** The configured identity provider: one line per vendor. */
export async function createAuthProvider(env: AuthEnv): Promise<AuthProvider> {
  switch (resolveAuthProvider(env)) {
    case 'firebase':
      return new FirebaseAuthProvider(await firebaseVerifier(env.FIREBASE_PROJECT_ID!), env.FIREBASE_CHECK_REVOKED);
    case 'local':
      return new LocalAuthProvider(
        localAuthSecret(env.LOCAL_AUTH_SECRET, env.DATA_DIR),
        env.LOCAL_AUTH_TOKEN_TTL_SECONDS,
      );
  }
}
