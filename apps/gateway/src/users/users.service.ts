import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { VerifiedIdentity } from '@ams/auth';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError, type ErrorCode } from '@ams/contracts';
import type { SignedInUser } from './signed-in-user';
import { UsersRepository, type UserAccount } from './users.repository';

const VALID_EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** A known account refused at sign-in (suspended, deleted): who it was stays server-side. */
export class AccountUnavailable extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly userId: string,
  ) {
    super(code, message);
  }
}

/** Turns a verified identity into the user it signs in as, provisioning on first sign-in. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  /** Recently resolved accounts: most requests then cost no database round trip. */
  private readonly recent: LRUCache<string, UserAccount>;
  private readonly adminEmails: ReadonlySet<string>;

  constructor(
    private readonly users: UsersRepository,
    @Inject(ConfigService) config: ConfigService,
    private readonly audit: AuditTrail,
  ) {
    const ttl = config.get<number>('USER_CACHE_TTL_MS') ?? 10_000;
    this.recent = new LRUCache({ max: 10_000, ttl: Math.max(ttl, 1) });
    this.adminEmails = new Set(config.get<string[]>('ADMIN_EMAILS') ?? []);
  }

  async signIn(identity: VerifiedIdentity): Promise<SignedInUser> {
    const account = this.recent.get(identity.uid) ?? (await this.lookUpOrProvision(identity));
    this.recent.set(identity.uid, account);
    if (account.deletedAt)
      throw new AccountUnavailable('ACCOUNT_DELETED', 'This account has been deleted.', account.id);
    if (account.subscriptionStatus === 'suspended')
      throw new AccountUnavailable('ACCOUNT_SUSPENDED', 'This account is suspended; contact support.', account.id);
    return {
      id: account.id,
      uid: account.firebaseUid,
      email: account.email,
      tier: account.subscriptionTier as SignedInUser['tier'],
      isAdmin: this.isAdmin(identity),
    };
  }

  /**
   * The provider vouches for it (Firebase custom claim), or the token's email is listed in
   * ADMIN_EMAILS and the provider does not say that address is unverified. The token's email,
   * not the stored one: that is the address the provider verified.
   */
  private isAdmin(identity: VerifiedIdentity): boolean {
    if (identity.admin === true) return true;
    const email = identity.email?.trim().toLowerCase();
    return identity.emailVerified !== false && email !== undefined && this.adminEmails.has(email);
  }

  private async lookUpOrProvision(identity: VerifiedIdentity): Promise<UserAccount> {
    const existing = await this.users.findByUid(identity.uid);
    if (existing) return existing;
    const email = identity.email?.trim().toLowerCase();
    if (!email || !VALID_EMAIL.test(email) || email.length > 255)
      throw new DomainError('TOKEN_INVALID', 'The account has no usable email address.');
    // Recorded in the row's own transaction, by the one request that created it.
    const created = await this.users.provision({ ...identity, email }, (tx, account) =>
      this.audit.recordIn(tx, 'auth.user_provisioned', {
        userId: account.id,
        actorIdentifier: email,
        targetType: 'user',
        targetId: account.id,
        newValues: { email, subscriptionTier: account.subscriptionTier },
      }),
    );
    if (!created) throw new DomainError('EMAIL_IN_USE', 'Another account already uses this email address.');
    this.logger.log({ userId: created.id }, 'user provisioned');
    return created;
  }
}
