import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/states';
import { firebaseMessage } from './firebase';
import { useSession } from './session';

/** Sign in: any email with the local development issuer; email and password with Firebase. */
export function SignInScreen() {
  const session = useSession();
  const firebase = session.authConfig.provider === 'firebase';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (firebase) await session.signInWithPassword(email, password);
      else await session.signInWithEmail(email);
    } catch (failure) {
      setError(firebase && !(failure as { status?: number }).status ? new Error(firebaseMessage(failure)) : failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>AI Media Search</h1>
      <p className="muted">Find your photos and videos by describing them.</p>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        {firebase && (
          <label>
            Password
            <input
              type="password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        )}
        {!firebase && (
          <p className="muted small">Development sign-in: any address creates or opens that account.</p>
        )}
        {error !== null && <ErrorNotice error={error} title="Could not sign in" />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
