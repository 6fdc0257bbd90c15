import { createContext, useContext, type ReactNode } from 'react';
import { createAmsClient, type AmsClient } from '@ams/sdk';
import { createTokenStore, type TokenStore } from './auth/token-store';

/** What every screen needs from outside React: the API client and the session's tokens. */
export interface Services {
  client: AmsClient;
  tokens: TokenStore;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a ServicesProvider');
  return services;
}

export const useClient = (): AmsClient => useServices().client;

/** The event the app listens for to return to sign-in when the API says the session is over. */
export const SIGNED_OUT_EVENT = 'ams:signed-out';

/** The services of the running app: the page's own origin, tokens in localStorage. */
export function createBrowserServices(fetchImpl?: typeof fetch, storage?: Storage): Services {
  const tokens = createTokenStore(storage);
  const client = createAmsClient({
    getToken: () => tokens.get(),
    fetch: fetchImpl,
    onUnauthorized: () => window.dispatchEvent(new Event(SIGNED_OUT_EVENT)),
  });
  return { client, tokens };
}
