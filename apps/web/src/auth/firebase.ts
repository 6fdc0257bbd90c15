import type { AuthConfig } from '@ams/sdk';

type FirebaseConfig = NonNullable<AuthConfig['firebase']>;

/**
 * Firebase email/password sign-in, loaded only when the gateway says Firebase is the provider
 * (a separate chunk: local installs never download it). The config comes from GET /v1/auth/config.
 */
export async function firebaseSession(config: FirebaseConfig) {
  const [{ initializeApp }, auth] = await Promise.all([import('firebase/app'), import('firebase/auth')]);
  const app = initializeApp(config);
  const firebaseAuth = auth.getAuth(app);
  await firebaseAuth.authStateReady();
  return {
    signedIn: () => firebaseAuth.currentUser !== null,
    async signIn(email: string, password: string) {
      await auth.signInWithEmailAndPassword(firebaseAuth, email, password);
    },
    getToken: async () => (firebaseAuth.currentUser ? firebaseAuth.currentUser.getIdToken() : null),
    signOut: () => auth.signOut(firebaseAuth),
  };
}

/** Firebase's error codes as sentences a person can act on. */
export function firebaseMessage(error: unknown): string {
  const code = (error as { code?: string })?.code ?? '';
  if (code === 'auth/invalid-credential' || code === 'auth/wrong-password' || code === 'auth/user-not-found')
    return 'That email and password do not match an account.';
  if (code === 'auth/too-many-requests') return 'Too many attempts. Wait a moment and try again.';
  if (code === 'auth/network-request-failed') return 'Could not reach the sign-in service. Check your connection.';
  return (error as Error)?.message ?? 'Sign-in failed.';
}
