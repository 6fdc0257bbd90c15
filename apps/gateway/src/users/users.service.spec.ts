import type { ConfigService } from '@nestjs/config';
import type { VerifiedIdentity } from '@ams/auth';
import type { AuditTrail } from '@ams/audit-trail';
import { envSchema } from '../config';
import { UsersService } from './users.service';
import type { UserAccount, UsersRepository } from './users.repository';

function serviceWith(adminEmails: string | undefined): UsersService {
  const env = envSchema.parse({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x', ADMIN_EMAILS: adminEmails });
  const config = { get: (key: string) => env[key as keyof typeof env] } as unknown as ConfigService;
  const users = {
    findByUid: async (uid: string): Promise<UserAccount> => ({
      id: '0b5c2c7e-8f3a-4c1e-9d2b-6a7f1e3d5c90',
      firebaseUid: uid,
      email: 'stored@example.com',
      subscriptionTier: 'free',
      subscriptionStatus: 'active',
      deletedAt: null,
    }),
  } as unknown as UsersRepository;
  return new UsersService(users, config, {} as AuditTrail);
}

const identity = (extra: Partial<VerifiedIdentity>): VerifiedIdentity => ({
  uid: 'u1',
  email: 'ops@example.com',
  ...extra,
});

describe('who is an administrator', () => {
  it('is nobody by default, whatever the token says about its email', async () => {
    const users = serviceWith(undefined);
    expect((await users.signIn(identity({}))).isAdmin).toBe(false);
    expect((await users.signIn(identity({ emailVerified: true }))).isAdmin).toBe(false);
  });

  it('is a user whose token carries the provider’s admin claim', async () => {
    expect((await serviceWith(undefined).signIn(identity({ admin: true }))).isAdmin).toBe(true);
  });

  it('is a user whose token email is listed in ADMIN_EMAILS, in any case and spacing', async () => {
    const users = serviceWith(' Someone@example.com , OPS@Example.com');
    expect((await users.signIn(identity({}))).isAdmin).toBe(true); // local tokens: no verification notion
    expect((await users.signIn(identity({ emailVerified: true }))).isAdmin).toBe(true);
    expect((await users.signIn(identity({ email: 'other@example.com' }))).isAdmin).toBe(false);
  });

  it('is not a listed address the provider says was never verified', async () => {
    expect((await serviceWith('ops@example.com').signIn(identity({ emailVerified: false }))).isAdmin).toBe(false);
  });

  it('goes by the token’s email, not the one stored at first sign-in', async () => {
    expect((await serviceWith('stored@example.com').signIn(identity({}))).isAdmin).toBe(false);
  });

  it('refuses an ADMIN_EMAILS value that is not a list of addresses', () => {
    expect(() => serviceWith('ops@example.com, not-an-email')).toThrow();
  });
});
