import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { authEnvProblems, LocalAuthProvider, localAuthSecret, localUid, resolveAuthProvider } from '../src';

const SECRET = 'a-local-secret-that-is-long-enough-for-hs256';

describe('local development tokens', () => {
  const provider = new LocalAuthProvider(SECRET, 3600);

  it('verifies a token it issued, as a stable uid derived from the email', async () => {
    const token = await provider.issue('  Ada@Example.com ');
    await expect(provider.verify(token)).resolves.toEqual({
      uid: localUid('ada@example.com'),
      email: 'ada@example.com',
      sessionId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const again = await provider.verify(await provider.issue('ada@example.com'));
    expect(again.uid).toBe(localUid('ada@example.com'));
  });

  it('never grants administrator rights from a claim in the token', async () => {
    const minted = await new SignJWT({ email: 'eve@example.com', admin: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(localUid('eve@example.com'))
      .setIssuer('ai-media-search/local')
      .setAudience('ai-media-search')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const identity = await provider.verify(minted);
    expect(identity).toMatchObject({ uid: localUid('eve@example.com'), email: 'eve@example.com' });
    expect(identity.admin).toBeUndefined();
  });

  it('names one session per issued token, the same on every use', async () => {
    const token = await provider.issue('ada@example.com');
    const first = await provider.verify(token);
    expect((await provider.verify(token)).sessionId).toBe(first.sessionId);
    // Two sign-ins in the same second are still two sessions.
    const other = await provider.verify(await provider.issue('ada@example.com'));
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(first.sessionId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    const expired = await new SignJWT({ email: 'ada@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('local-x')
      .setIssuer('ai-media-search/local')
      .setAudience('ai-media-search')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(SECRET));
    await expect(provider.verify(expired)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token signed with another key', async () => {
    const other = new LocalAuthProvider('another-secret-that-is-also-long-enough!!', 3600);
    await expect(provider.verify(await other.issue('ada@example.com'))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['an unsigned token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZW1haWwiOiJhQGIuY28ifQ.'],
    ['an empty string', ''],
  ])('refuses %s as TOKEN_INVALID', async (_, token) => {
    await expect(provider.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('keeps one generated secret under DATA_DIR, readable only by its owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ams-auth-'));
    try {
      const first = localAuthSecret(undefined, dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(localAuthSecret(undefined, dir)).toBe(first);
      expect(statSync(join(dir, 'local-auth-secret')).mode & 0o777).toBe(0o600);
      expect(localAuthSecret('configured-secret-wins-over-the-file-000', dir)).toBe(
        'configured-secret-wins-over-the-file-000',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('auth configuration', () => {
  it('defaults to local tokens outside production and Firebase in production', () => {
    expect(resolveAuthProvider({ NODE_ENV: 'development' })).toBe('local');
    expect(resolveAuthProvider({ NODE_ENV: 'production' })).toBe('firebase');
  });

  it('requires a Firebase project for Firebase and refuses local tokens in production', () => {
    expect(authEnvProblems({ NODE_ENV: 'production' })).toEqual([['FIREBASE_PROJECT_ID', expect.any(String)]]);
    expect(authEnvProblems({ NODE_ENV: 'production', AUTH_PROVIDER: 'local' })).toEqual([
      ['AUTH_PROVIDER', expect.any(String)],
    ]);
    expect(authEnvProblems({ NODE_ENV: 'production', FIREBASE_PROJECT_ID: 'demo' })).toEqual([]);
  });
});
