import { Injectable } from '@nestjs/common';
import { Database, type Tx, updateUserPreferences, userPreferences, type UserPreferences } from '@ams/db';
import type { VerifiedIdentity } from '@ams/auth';

export interface UserAccount {
  id: string;
  firebaseUid: string;
  email: string;
  subscriptionTier: string;
  subscriptionStatus: string;
  deletedAt: Date | null;
}

const ACCOUNT = {
  id: true,
  firebaseUid: true,
  email: true,
  subscriptionTier: true,
  subscriptionStatus: true,
  deletedAt: true,
} as const;

/** The gateway's rows: user identity (sign-in lookup and provisioning) and the profile read. */
@Injectable()
export class UsersRepository {
  constructor(private readonly database: Database) {}

  /** Sign-in lookup by the identity provider's uid: no tenant is known yet, so the service path. */
  findByUid(uid: string): Promise<UserAccount | null> {
    return this.database.service((tx) => tx.user.findUnique({ where: { firebaseUid: uid }, select: ACCOUNT }));
  }

  /**
   * First sign-in: create the row on the free tier. Two first requests at once both succeed and
   * see the same row (ON CONFLICT DO NOTHING); an email already used by another uid yields null.
   * `created` runs in the same transaction, only for the request that inserted the row.
   */
  provision(
    identity: VerifiedIdentity & { email: string },
    created?: (tx: Tx, account: UserAccount) => Promise<void>,
  ): Promise<UserAccount | null> {
    return this.database.service(async (tx) => {
      const { count } = await tx.user.createMany({
        data: [
          {
            firebaseUid: identity.uid,
            email: identity.email,
            displayName: identity.displayName,
            avatarUrl: identity.avatarUrl,
          },
        ],
        skipDuplicates: true,
      });
      const account = await tx.user.findUnique({ where: { firebaseUid: identity.uid }, select: ACCOUNT });
      if (count === 1 && account) await created?.(tx, account);
      return account;
    });
  }

  /** The signed-in user's profile with their tier's limits (tenant path). */
  profile(userId: string) {
    return this.database.tenant(userId, async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
      const limits = await tx.usageLimit.findUniqueOrThrow({ where: { tierName: user.subscriptionTier } });
      return { user, limits };
    });
  }

  /** The signed-in user's privacy preferences (tenant path). */
  async preferences(userId: string): Promise<UserPreferences> {
    const preferences = await this.database.tenant(userId, (tx) => userPreferences(tx, userId));
    if (!preferences) throw new Error(`user ${userId} not visible on its own tenant path`);
    return preferences;
  }

  /** Change the signed-in user's preferences; returns them all (tenant path). */
  async updatePreferences(userId: string, changes: Partial<UserPreferences>): Promise<UserPreferences> {
    const preferences = await this.database.tenant(userId, (tx) => updateUserPreferences(tx, userId, changes));
    if (!preferences) throw new Error(`user ${userId} not visible on its own tenant path`);
    return preferences;
  }
}
