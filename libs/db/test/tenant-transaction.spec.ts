import { openTestDatabase, createUser, createMedia, type TestDatabase } from './fixtures';

describe('tenant transactions', () => {
  let db: TestDatabase;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    db = openTestDatabase();
    alice = await createUser(db.pool);
    bob = await createUser(db.pool);
    await createMedia(db.pool, alice);
    await createMedia(db.pool, bob);
  });
  afterAll(() => db.close());

  it('runs as app_user with the tenant set, and shows only that tenant’s rows', async () => {
    const seen = await db.database.tenant(alice, async (tx) => {
      const [who] = await tx.$queryRaw<{ role: string; tenant: string }[]>`
        SELECT current_user AS role, current_setting('app.current_user_id', true) AS tenant`;
      const files = await tx.mediaFile.findMany({ select: { userId: true } });
      return { who, owners: [...new Set(files.map((f) => f.userId))] };
    });
    expect(seen.who).toEqual({ role: 'app_user', tenant: alice });
    expect(seen.owners).toEqual([alice]);
  });

  it('leaves nothing behind: the next transaction on any connection has no role or tenant', async () => {
    await db.database.tenant(alice, async (tx) => tx.mediaFile.count());
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.pool.query<{ role: string; tenant: string | null }>(
          `SELECT current_user AS role, current_setting('app.current_user_id', true) AS tenant`,
        ),
      ),
    );
    for (const { rows } of results) {
      expect(rows[0]!.role).not.toBe('app_user');
      expect(rows[0]!.tenant ?? '').toBe('');
    }
  });

  it('never lets one tenant see another’s rows when their transactions interleave on a pool', async () => {
    const runs = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? alice : bob));
    const leaks = await Promise.all(
      runs.map((user) =>
        db.database.tenant(user, async (tx) => {
          const files = await tx.mediaFile.findMany({ select: { userId: true } });
          return files.filter((f) => f.userId !== user).length;
        }),
      ),
    );
    expect(leaks.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('runs the service path as app_service, across tenants', async () => {
    const owners = await db.database.service(async (tx) => {
      const [who] = await tx.$queryRaw<{ role: string }[]>`SELECT current_user AS role`;
      const files = await tx.mediaFile.findMany({ where: { userId: { in: [alice, bob] } }, select: { userId: true } });
      return { role: who!.role, owners: new Set(files.map((f) => f.userId)) };
    });
    expect(owners.role).toBe('app_service');
    expect(owners.owners).toEqual(new Set([alice, bob]));
  });

  it('refuses a tenant id that is not a uuid before touching the database', () => {
    expect(() => db.database.tenant("x' OR '1'='1", async () => 1)).toThrow(/uuid/);
  });
});
