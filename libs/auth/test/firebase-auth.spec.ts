import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FirebaseAuthProvider, firebaseVerifier, type FirebaseTokenVerifier } from '../src';

const PROJECT = 'ams-test-project';

/** An ID token shaped as Firebase issues them; unsigned, which the SDK accepts only in emulator mode. */
function emulatorIdToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    iss: `https://securetoken.google.com/${PROJECT}`,
    aud: PROJECT,
    auth_time: now - 10,
    iat: now - 10,
    exp: now + 3600,
    sub: 'firebase-uid-1',
    email: 'grace@example.com',
    name: 'Grace Hopper',
    picture: 'https://example.com/grace.png',
    ...claims,
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

/** Accounts the stand-in Auth emulator knows, by uid. */
const accounts = new Map<string, { disabled?: boolean; validSince?: number }>();

/**
 * The one Auth-emulator endpoint the SDK calls while verifying (accounts:lookup, for the
 * disabled/revoked check). The Firebase emulator itself needs Java and a download, neither
 * available offline; this answers in its REST shape so the real SDK code runs end to end.
 */
function startAuthEmulator(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const ids: string[] = request.url?.endsWith('/accounts:lookup') ? (JSON.parse(body).localId ?? []) : [];
      const users = ids
        .filter((id) => accounts.has(id))
        .map((id) => ({
          localId: id,
          email: `${id}@example.com`,
          disabled: accounts.get(id)!.disabled ?? false,
          validSince: String(accounts.get(id)!.validSince ?? 0),
        }));
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(users.length ? { users } : {}));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('Firebase ID tokens through the real firebase-admin SDK', () => {
  describe('in Auth-emulator mode (claims checked by the SDK, account state asked of the emulator)', () => {
    let provider: FirebaseAuthProvider;
    let emulator: Server;

    beforeAll(async () => {
      emulator = await startAuthEmulator();
      // The SDK reads this itself.
      process.env.FIREBASE_AUTH_EMULATOR_HOST = `127.0.0.1:${(emulator.address() as AddressInfo).port}`;
      provider = new FirebaseAuthProvider(await firebaseVerifier(PROJECT), false);
      accounts.set('firebase-uid-1', {});
    });

    afterAll(async () => {
      delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
      await new Promise((resolve) => emulator.close(resolve));
    });

    it('refuses the token of a disabled account as ACCOUNT_SUSPENDED', async () => {
      accounts.set('disabled-uid', { disabled: true });
      await expect(provider.verify(emulatorIdToken({ sub: 'disabled-uid' }))).rejects.toMatchObject({
        code: 'ACCOUNT_SUSPENDED',
      });
    });

    it('refuses a token issued before the account’s tokens were revoked', async () => {
      accounts.set('revoked-uid', { validSince: Math.floor(Date.now() / 1000) });
      const early = Math.floor(Date.now() / 1000) - 600;
      await expect(
        provider.verify(emulatorIdToken({ sub: 'revoked-uid', auth_time: early, iat: early })),
      ).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('accepts a well-formed token and maps its profile claims', async () => {
      await expect(provider.verify(emulatorIdToken())).resolves.toEqual({
        uid: 'firebase-uid-1',
        email: 'grace@example.com',
        displayName: 'Grace Hopper',
        avatarUrl: 'https://example.com/grace.png',
        admin: false,
        emailVerified: false,
        sessionId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    });

    it('names the session by the sign-in time, so a refreshed token keeps it and a new sign-in does not', async () => {
      const now = Math.floor(Date.now() / 1000);
      const signedIn = await provider.verify(emulatorIdToken({ auth_time: now - 600, iat: now - 600 }));
      const refreshed = await provider.verify(emulatorIdToken({ auth_time: now - 600, iat: now - 5 }));
      const again = await provider.verify(emulatorIdToken({ auth_time: now - 5, iat: now - 5 }));
      expect(refreshed.sessionId).toBe(signedIn.sessionId);
      expect(again.sessionId).not.toBe(signedIn.sessionId);
    });

    it('grants administrator rights only for the custom claim admin === true', async () => {
      const admin = await provider.verify(emulatorIdToken({ admin: true, email_verified: true }));
      expect(admin).toMatchObject({ admin: true, emailVerified: true });
      for (const claim of ['true', 1, { role: 'admin' }]) {
        await expect(provider.verify(emulatorIdToken({ admin: claim }))).resolves.toMatchObject({ admin: false });
      }
    });

    it('refuses an expired token as TOKEN_EXPIRED', async () => {
      const past = Math.floor(Date.now() / 1000) - 7200;
      await expect(
        provider.verify(emulatorIdToken({ iat: past, auth_time: past, exp: past + 60 })),
      ).rejects.toMatchObject({
        code: 'TOKEN_EXPIRED',
      });
    });

    it('refuses a token minted for another project', async () => {
      await expect(provider.verify(emulatorIdToken({ aud: 'someone-else' }))).rejects.toMatchObject({
        code: 'TOKEN_INVALID',
      });
    });

    it('refuses malformed input', async () => {
      await expect(provider.verify('definitely.not.a-token')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    });
  });

  it('outside emulator mode refuses a token not signed by Google before fetching any key', async () => {
    const provider = new FirebaseAuthProvider(await firebaseVerifier(PROJECT), false);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { SignJWT, importPKCS8 } = await import('jose');
    const key = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
    const forged = await new SignJWT({ email: 'mallory@example.com' })
      .setProtectedHeader({ alg: 'RS256' }) // no kid: Google's tokens always name their key
      .setIssuer(`https://securetoken.google.com/${PROJECT}`)
      .setAudience(PROJECT)
      .setSubject('mallory')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    await expect(provider.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it.each([
    ['auth/id-token-revoked', 'TOKEN_INVALID'],
    ['auth/user-disabled', 'ACCOUNT_SUSPENDED'],
    ['auth/id-token-expired', 'TOKEN_EXPIRED'],
  ])('maps the SDK error %s to %s and passes the revocation setting through', async (sdkCode, code) => {
    const calls: [string, boolean | undefined][] = [];
    const sdk: FirebaseTokenVerifier = {
      verifyIdToken: async (token, checkRevoked) => {
        calls.push([token, checkRevoked]);
        throw Object.assign(new Error('refused'), { code: sdkCode });
      },
    };
    await expect(new FirebaseAuthProvider(sdk, true).verify('t')).rejects.toMatchObject({ code });
    expect(calls).toEqual([['t', true]]);
  });
});
