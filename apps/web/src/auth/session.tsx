import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AuthConfig, Me } from '@ams/sdk';
import { SIGNED_OUT_EVENT, useServices } from '../services';
import { firebaseSession } from './firebase';

export interface Session {
  authConfig: AuthConfig;
  me: Me | null;
  isAdmin: boolean;
  /** Local development issuer: any email. */
  signInWithEmail(email: string): Promise<void>;
  /** Firebase: email and password. */
  signInWithPassword(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider');
  return session;
}

type Firebase = Awaited<ReturnType<typeof firebaseSession>>;

/** Knows how to sign in (asks the gateway), who is signed in (GET /v1/me), and signs out. */
export function SessionProvider({ children, loading, failed }: { children: ReactNode; loading: ReactNode; failed: (error: unknown) => ReactNode }) {
  const { client, tokens } = useServices();
  const queryClient = useQueryClient();
  const [firebase, setFirebase] = useState<Firebase | null>(null);
  const [version, setVersion] = useState(0);

  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: async () => {
      const authConfig = await client.call(client.api.GET('/v1/auth/config'));
      if (authConfig.provider === 'firebase' && authConfig.firebase) {
        const session = await firebaseSession(authConfig.firebase);
        tokens.useProvider(session.getToken, session.signOut);
        setFirebase(session);
      }
      return authConfig;
    },
    staleTime: Infinity,
  });

  const hasSession = config.isSuccess && tokens.hasSession() && (firebase ? firebase.signedIn() : true);
  const me = useQuery({
    queryKey: ['me', version],
    queryFn: () => client.call(client.api.GET('/v1/me')),
    enabled: hasSession,
    retry: false,
  });

  const signOut = useCallback(async () => {
    await tokens.clear();
    queryClient.clear();
    setVersion((v) => v + 1);
  }, [tokens, queryClient]);

  useEffect(() => {
    const onSignedOut = () => void signOut();
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [signOut]);

  const session = useMemo<Session | null>(() => {
    if (!config.data) return null;
    return {
      authConfig: config.data,
      me: hasSession ? (me.data ?? null) : null,
      isAdmin: me.data?.isAdmin ?? false,
      async signInWithEmail(email) {
        const { token } = await client.call(client.api.POST('/v1/auth/dev-token', { body: { email } }));
        tokens.setLocal(token);
        setVersion((v) => v + 1);
      },
      async signInWithPassword(email, password) {
        if (!firebase) throw new Error('Password sign-in needs the Firebase provider.');
        await firebase.signIn(email, password);
        setVersion((v) => v + 1);
      },
      signOut,
    };
  }, [config.data, hasSession, me.data, client, tokens, firebase, signOut]);

  if (config.isError) return <>{failed(config.error)}</>;
  if (!session || (hasSession && me.isPending)) return <>{loading}</>;
  if (hasSession && me.isError) return <>{failed(me.error)}</>;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
