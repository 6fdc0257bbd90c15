import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, NavLink, Navigate, Route, Routes } from 'react-router';
import { ApiError } from '@ams/sdk';
import { SessionProvider, useSession } from './auth/session';
import { SignInScreen } from './auth/sign-in';
import { LibraryScreen } from './library/library-screen';
import { ServicesProvider, type Services } from './services';
import { ErrorNotice, Loading } from './ui/states';

// Screens past the library load on first visit: the first paint carries only what it shows.
const SearchScreen = lazy(() => import('./search/search-screen').then((m) => ({ default: m.SearchScreen })));
const ItemScreen = lazy(() => import('./item/item-screen').then((m) => ({ default: m.ItemScreen })));
const AccountScreen = lazy(() => import('./account/account-screen').then((m) => ({ default: m.AccountScreen })));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A refusal (4xx) will not change by asking again; network and 5xx failures may.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App({ services, queryClient }: { services: Services; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={client}>
        <SessionProvider
          loading={<Loading label="Starting…" />}
          failed={(error) => (
            <main className="page">
              <ErrorNotice error={error} title="The app could not start" onRetry={() => window.location.reload()} />
            </main>
          )}
        >
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
}

function Shell() {
  const session = useSession();
  if (!session.me) return <SignInScreen />;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <NavLink to="/" className="brand" end>
          AI Media Search
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Library
          </NavLink>
          <NavLink to="/search">Search</NavLink>
          <NavLink to="/account">Account</NavLink>
        </nav>
        <button type="button" className="link-button" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<LibraryScreen />} />
            <Route path="/search" element={<SearchScreen />} />
            <Route path="/media/:id" element={<ItemScreen />} />
            <Route path="/account" element={<AccountScreen />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
