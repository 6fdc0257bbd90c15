import { mkdtempSync, rmSync } from 'node:fs';
import { randomInt, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import S3rver from 's3rver';
import request from 'supertest';
import { eventually } from '@ams/testing';
import { slide } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

type Auth = Record<string, string>;
type Method = 'get' | 'post' | 'patch' | 'delete';
interface Attempt {
  method: Method;
  path: string;
  body?: object;
}
interface AuditRow {
  event_type: string;
  risk_level: string;
  target_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  session_id: string | null;
  metadata: Record<string, unknown> | null;
}

const ADMIN_EMAIL = 'isolation-admin@example.com';
const SECRET_WORD = 'ZANZIBAR';
const SECRET_TAG = `alice-only-${randomUUID().slice(0, 8)}`;
const SECRET_FILENAME = 'alice-zanzibar-plan.jpg';

/**
 * The attack suite: a second user and an anonymous client try every route against another
 * user's media — by id, by guessed ids, with her cursors and filters — on the running system.
 * Every attempt is refused, audited against the attacker, and no response carries her data.
 */
describe('tenant isolation against the running system', () => {
  const bucket = 'ams-e2e-isolation';
  let s3: S3rver;
  let system: RunningSystem;
  let dir: string;
  let pool: Pool;
  let alice: { auth: Auth; userId: string; email: string };
  let mallory: { auth: Auth; userId: string; email: string };
  let aliceMedia: string;
  let aliceOther: string;
  let aliceUpload: string;
  let aliceSearchId: string;
  let aliceSearchCursor: string;
  let aliceListCursor: string;
  let aliceJobsBefore: unknown;
  /** Every body the attackers received, to search for Alice's data at the end. */
  const seenByAttackers: { request: string; text: string }[] = [];
  /** Every id and value the attackers sent: their own trail and search history show them back. */
  const sentByAttackers = new Set<string>();
  /** Anonymous requests come from this address (the gateway trusts the local proxy: TRUST_PROXY). */
  const anonymousIp = `198.51.100.${randomInt(1, 254)}`;

  const http = () => request(system.gatewayUrl);

  async function signIn(email: string) {
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    const me = await http().get('/v1/me').set(auth).expect(200);
    return { auth, userId: me.body.id as string, email };
  }

  async function attempt(who: Auth, { method, path, body }: Attempt) {
    let call = http()[method](path).set(who).set('user-agent', 'attack-suite/1.0');
    if (body) call = call.send(body);
    const response = await call;
    const url = new URL(path, 'http://attacker');
    const sent = [...url.pathname.split('/'), ...url.searchParams.values()].filter((value) => value.length > 0);
    for (const value of sent) sentByAttackers.add(value);
    // What a request sent may come back in its answer (a problem's `instance`, the filters applied).
    const received = `${response.text} ${JSON.stringify(response.headers)}`;
    seenByAttackers.push({
      request: `${method} ${path}`,
      text: sent.reduce((text, value) => text.split(value).join(''), received),
    });
    return response;
  }

  const audited = (userId: string | null, eventType: string) =>
    pool
      .query<AuditRow>(
        `SELECT event_type, risk_level, target_id, host(ip_address) AS ip_address, user_agent, request_id::text,
                session_id, metadata
           FROM audit_logs WHERE user_id IS NOT DISTINCT FROM $1 AND event_type = $2`,
        [userId, eventType],
      )
      .then((result) => result.rows);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ams-e2e-isolation-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3.run();
    system = await startSystem({
      DATA_DIR: join(dir, 'data'),
      USER_CACHE_TTL_MS: '0',
      RPC_TIMEOUT_MS: '15000',
      ADMIN_EMAILS: ADMIN_EMAIL,
      TRUST_PROXY: '127.0.0.1',
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    alice = await signIn(`alice-${randomUUID().slice(0, 8)}@example.com`);
    mallory = await signIn(`mallory-${randomUUID().slice(0, 8)}@example.com`);

    const upload = (file: Buffer, name: string, tags: string[]) =>
      http()
        .post('/v1/media')
        .set(alice.auth)
        .field('tags', JSON.stringify(tags))
        .attach('file', file, name)
        .expect(201);
    aliceMedia = (await upload(await slide(`${SECRET_WORD} harbour plan`), SECRET_FILENAME, [SECRET_TAG])).body.id;
    aliceOther = (await upload(await slide(`${SECRET_WORD} harbour map`), 'alice-second.jpg', [SECRET_TAG])).body.id;
    const directBytes = await slide('Direct upload');
    const ticket = await http()
      .post('/v1/media/uploads')
      .set(alice.auth)
      .send({ filename: 'alice-direct.jpg', contentType: 'image/jpeg', sizeBytes: directBytes.length })
      .expect(201);
    aliceUpload = ticket.body.uploadId;
    const put = await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: directBytes });
    expect(put.ok).toBe(true);

    for (const id of [aliceMedia, aliceOther])
      await eventually(async () => {
        const { body } = await http().get(`/v1/media/${id}`).set(alice.auth).expect(200);
        if (body.status === 'failed') throw new Error(`analysis failed: ${body.processing?.error}`);
        return body.indexedAt !== null;
      }, 180_000);
    // Her search works (so Mallory finding nothing means something) and has a second page.
    const found = await http().get('/v1/search').query({ q: SECRET_WORD.toLowerCase(), limit: 1 }).set(alice.auth);
    expect([aliceMedia, aliceOther]).toContain(found.body.items[0]?.mediaId);
    aliceSearchId = found.body.searchId;
    aliceSearchCursor = found.body.nextCursor;
    expect(aliceSearchCursor).toEqual(expect.any(String));
    aliceJobsBefore = (await http().get(`/v1/media/${aliceMedia}/jobs`).set(alice.auth).expect(200)).body;
    const listed = await http().get('/v1/media').query({ limit: 1 }).set(alice.auth).expect(200);
    aliceListCursor = listed.body.nextCursor;
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await s3?.close();
    await pool?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every route that takes a media, upload or search id, aimed at Alice's. */
  const byIdAttempts = (): Attempt[] => [
    { method: 'get', path: `/v1/media/${aliceMedia}` },
    { method: 'patch', path: `/v1/media/${aliceMedia}`, body: { tags: ['pwned'] } },
    { method: 'delete', path: `/v1/media/${aliceMedia}` },
    { method: 'get', path: `/v1/media/${aliceMedia}/jobs` },
    { method: 'post', path: `/v1/media/${aliceMedia}/reprocess` },
    { method: 'get', path: `/v1/media/${aliceMedia}/content` },
    { method: 'get', path: `/v1/media/${aliceMedia}/thumbnail` },
    { method: 'get', path: `/v1/media/${aliceMedia}/events` },
    { method: 'get', path: `/v1/media/${aliceMedia}/similar` },
    { method: 'post', path: `/v1/media/uploads/${aliceUpload}/complete`, body: { filename: 'mine.jpg' } },
    { method: 'post', path: `/v1/search/${aliceSearchId}/click`, body: { mediaId: aliceMedia } },
  ];

  describe('a second user', () => {
    it('is refused with 404 on every route that names Alice’s media, upload or search, as for an id that does not exist', async () => {
      for (const target of byIdAttempts()) {
        const response = await attempt(mallory.auth, target);
        expect({ path: `${target.method} ${target.path}`, status: response.status }).toEqual({
          path: `${target.method} ${target.path}`,
          status: 404,
        });
        // The same answer a random id gets: no existence oracle.
        const guessed = await attempt(mallory.auth, {
          ...target,
          path: target.path.replaceAll(aliceMedia, randomUUID()),
        });
        if (target.path.includes(aliceMedia)) expect(guessed.body.code).toBe(response.body.code);
      }
    });

    it('changed nothing: Alice’s file is still hers, untagged by Mallory, not reprocessed, and her upload still completes', async () => {
      const { body } = await http().get(`/v1/media/${aliceMedia}`).set(alice.auth).expect(200);
      expect(body.tags).toEqual([SECRET_TAG]);
      expect(body.status).toBe('completed');
      const jobs = await http().get(`/v1/media/${aliceMedia}/jobs`).set(alice.auth).expect(200);
      expect(jobs.body.jobs.length).toBeGreaterThan(0);
      expect(jobs.body).toEqual(aliceJobsBefore);
      // Her direct upload was not taken: she completes it now.
      await http()
        .post(`/v1/media/uploads/${aliceUpload}/complete`)
        .set(alice.auth)
        .send({ filename: 'alice-direct.jpg' })
        .expect(201);
    });

    it('finds none of Alice’s media by listing, filtering, searching, paging with her cursors, or in history and analytics', async () => {
      const list = await attempt(mallory.auth, { method: 'get', path: '/v1/media?limit=100' });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([]);
      const byTag = await attempt(mallory.auth, { method: 'get', path: `/v1/media?tag=${SECRET_TAG}` });
      expect(byTag.body.items).toEqual([]);
      const withHerCursor = await attempt(mallory.auth, { method: 'get', path: `/v1/media?cursor=${aliceListCursor}` });
      expect(withHerCursor.body.items ?? []).toEqual([]);
      // Asking for another owner's rows by name is not a filter the API has.
      const byOwner = await attempt(mallory.auth, { method: 'get', path: `/v1/media?userId=${alice.userId}` });
      expect(byOwner.status).toBe(400);

      for (const mode of ['hybrid', 'semantic', 'keyword']) {
        const search = await attempt(mallory.auth, { method: 'get', path: `/v1/search?q=${SECRET_WORD}&mode=${mode}` });
        expect(search.status).toBe(200);
        expect(search.body.items).toEqual([]);
      }
      const tagSearch = await attempt(mallory.auth, { method: 'get', path: `/v1/search?q=plan&tags=${SECRET_TAG}` });
      expect(tagSearch.body.items ?? []).toEqual([]);
      const herCursor = await attempt(mallory.auth, {
        method: 'get',
        path: `/v1/search?q=${SECRET_WORD}&cursor=${encodeURIComponent(aliceSearchCursor)}`,
      });
      expect(herCursor.status).toBe(400);

      const history = await attempt(mallory.auth, { method: 'get', path: '/v1/search/history' });
      expect(history.status).toBe(200);
      const analytics = await attempt(mallory.auth, { method: 'get', path: '/v1/analytics/search' });
      expect(analytics.status).toBe(200);
      expect((await attempt(mallory.auth, { method: 'get', path: '/v1/usage' })).status).toBe(200);
      const ownAudit = await attempt(mallory.auth, { method: 'get', path: '/v1/audit/me?limit=100' });
      expect(ownAudit.status).toBe(200);
      expect(ownAudit.body.items.every((entry: { targetId: string | null }) => entry.targetId !== alice.userId)).toBe(
        true,
      );
    });

    it('is refused the admin routes (403), which would show every tenant', async () => {
      for (const target of [
        { method: 'get', path: `/v1/admin/audit-logs?userId=${alice.userId}` },
        { method: 'post', path: '/v1/admin/reindex', body: {} },
        { method: 'get', path: '/v1/admin/reindex' },
      ] as Attempt[]) {
        expect((await attempt(mallory.auth, target)).status).toBe(403);
      }
    });

    it('has each refusal on the audit trail, against Mallory, with the high risk of a cross-tenant attempt', async () => {
      await eventually(async () => (await audited(mallory.userId, 'access.cross_tenant')).length >= 9, 20_000);
      const crossTenant = await audited(mallory.userId, 'access.cross_tenant');
      expect(crossTenant.every((row) => row.risk_level === 'high')).toBe(true);
      expect(crossTenant.filter((row) => row.target_id === aliceMedia).length).toBeGreaterThanOrEqual(9);
      for (const row of crossTenant) {
        expect(row.user_agent).toBe('attack-suite/1.0');
        expect(row.request_id).toBeTruthy();
        expect(row.session_id).toBeTruthy();
        expect(JSON.stringify(row)).not.toContain(alice.userId);
      }
      const notFound = await audited(mallory.userId, 'access.not_found');
      expect(notFound.length).toBeGreaterThanOrEqual(9);
      // Her search cursor, signed for her: another user's cursor, not a stale one.
      const cursorRefusals = await audited(mallory.userId, 'access.invalid_cursor');
      expect(cursorRefusals.map((row) => [row.metadata?.['reason'], row.risk_level])).toEqual([['other_user', 'high']]);
      await eventually(async () => (await audited(mallory.userId, 'access.denied')).length >= 3, 20_000);
      expect((await audited(mallory.userId, 'access.denied')).every((row) => row.risk_level === 'high')).toBe(true);
    });
  });

  describe('an anonymous client', () => {
    const everyRoute = (): Attempt[] => [
      ...byIdAttempts(),
      { method: 'get', path: '/v1/media' },
      { method: 'post', path: '/v1/media' },
      { method: 'post', path: '/v1/media/uploads', body: {} },
      { method: 'get', path: `/v1/search?q=${SECRET_WORD}` },
      { method: 'get', path: '/v1/search/history' },
      { method: 'get', path: '/v1/analytics/search' },
      { method: 'get', path: '/v1/me' },
      { method: 'patch', path: '/v1/me/preferences', body: { storeSearchQueries: false } },
      { method: 'get', path: '/v1/usage' },
      { method: 'get', path: '/v1/audit/me' },
      { method: 'get', path: '/v1/admin/audit-logs' },
      { method: 'post', path: '/v1/admin/reindex' },
      { method: 'post', path: '/v1/billing/checkout', body: { tier: 'premium' } },
      { method: 'post', path: '/v1/billing/portal', body: {} },
    ];
    const fromAnonymous = { 'x-forwarded-for': anonymousIp };

    it('gets 401 everywhere, with no token or with a forged one', async () => {
      const forged = alice.auth['authorization']!.replace(/.{6}$/, 'AAAAAA');
      for (const target of everyRoute()) {
        for (const headers of [fromAnonymous, { ...fromAnonymous, authorization: forged }]) {
          const response = await attempt(headers, target);
          expect({ path: `${target.method} ${target.path}`, status: response.status }).toEqual({
            path: `${target.method} ${target.path}`,
            status: 401,
          });
        }
      }
    });

    it('is on the audit trail as failed sign-ins from its own address, the forged token as high risk', async () => {
      const fromThere = async () =>
        (await audited(null, 'auth.sign_in_failed')).filter((row) => row.ip_address === anonymousIp);
      await eventually(async () => (await fromThere()).length >= 2, 20_000);
      const rows = await fromThere();
      const reasons = new Set(rows.map((row) => row.metadata?.['reason']));
      expect(reasons.size).toBeGreaterThanOrEqual(2);
      expect(rows.some((row) => row.risk_level === 'high')).toBe(true);
      expect(rows.every((row) => row.user_agent === 'attack-suite/1.0')).toBe(true);
    });
  });

  it('never showed an attacker anything of Alice’s: her id, email, file names, tags or the words in her image', () => {
    expect(seenByAttackers.length).toBeGreaterThan(60);
    const secrets = [
      alice.userId,
      alice.email,
      SECRET_FILENAME,
      'alice-second.jpg',
      SECRET_TAG,
      aliceOther,
      aliceUpload,
    ];
    // The attacker's own trail, history and analytics show back what he sent earlier.
    const ownTrail = (request: string, text: string) =>
      /\/v1\/(audit\/me|search\/history|analytics\/search)/.test(request)
        ? [...sentByAttackers].reduce((rest, sent) => rest.split(sent).join(''), text)
        : text;
    const leaks = seenByAttackers.flatMap(({ request, text }) =>
      [...secrets, 'harbour']
        .filter((secret) => ownTrail(request, text).toLowerCase().includes(secret.toLowerCase()))
        .map((secret) => `${request} showed ${secret}`),
    );
    expect(leaks).toEqual([]);
  });
});
