import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SEARCH_CLICK_V1, SEARCH_QUERY_V1, SEARCH_SIMILAR_V1, type SearchRequest } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser, queuedAuditEntries } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

type AuditPayload = Record<string, unknown> & { eventType: string; metadata?: Record<string, unknown> };

describe('searches in the audit trail, and the store_search_queries choice', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
    bus = app.get(MessageBus);
    await eventually(() => bus.isConnected());
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  /** The audit entries queued for `userId` (the transactional outbox keeps them after relaying). */
  const auditedFor = (userId: string) => queuedAuditEntries<AuditPayload>(pool, { userId });

  async function auditedEventually(userId: string, eventType: string): Promise<AuditPayload> {
    await eventually(async () => (await auditedFor(userId)).some((entry) => entry.eventType === eventType));
    return (await auditedFor(userId)).find((entry) => entry.eventType === eventType)!;
  }

  const historyRow = async (searchId: string) => {
    let row: Record<string, unknown> | undefined;
    await eventually(async () => {
      row = (
        await pool.query(
          `SELECT query_text, query_embedding IS NOT NULL AS has_vector, embedding_model, filters, results_count
             FROM search_history WHERE id = $1`,
          [searchId],
        )
      ).rows[0];
      return row !== undefined;
    });
    return row!;
  };

  async function mediaOf(userId: string): Promise<string> {
    const tag = randomUUID().slice(0, 8);
    const { rows } = await pool.query(
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, status)
       VALUES ($1, 'a.jpg', 'a.jpg', 'image', 'image/jpeg', 100, $2, 'local', 'completed') RETURNING id`,
      [userId, `media/${tag}/a.jpg`],
    );
    return rows[0].id as string;
  }

  /** A file with one whole-file vector of the active model, so the library listing shows it. */
  async function indexedMediaOf(userId: string): Promise<string> {
    const mediaId = await mediaOf(userId);
    await pool.query(
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
       SELECT $1, $2, array_fill(0.05::real, ARRAY[m.dimensions])::vector, m.dimensions, 'a photo', m.name
         FROM embedding_models m WHERE m.is_active`,
      [mediaId, userId],
    );
    return mediaId;
  }

  const searchRequest = (userId: string, query: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({
    userId,
    query,
    mode: 'hybrid',
    filters: {},
    sort: 'relevance',
    order: 'desc',
    limit: 20,
    origin: {},
    ...extra,
  });

  it('records a search with its query text, mode, structured filters, result count and time', async () => {
    const userId = await insertTestUser(pool, { label: 'searcher' });
    const reply = await bus.request(
      SEARCH_QUERY_V1,
      searchRequest(userId, 'sunset over the harbour', {
        filters: { fileType: 'image', filename: 'holiday-notes' },
      }),
    );
    const entry = await auditedEventually(userId, 'search.performed');
    expect(entry).toMatchObject({
      category: 'search',
      action: 'search',
      riskLevel: 'low',
      targetType: 'search',
      targetId: reply.searchId,
      newValues: { query: 'sunset over the harbour' },
      metadata: { mode: 'hybrid', filters: { fileType: 'image' }, resultCount: reply.items.length },
    });
    expect(typeof entry.metadata!['tookMs']).toBe('number');
    // Free text other than the query (a file name filter) stays out of the trail.
    expect(JSON.stringify(entry)).not.toContain('holiday-notes');
    expect(await historyRow(reply.searchId)).toMatchObject({ query_text: 'sunset over the harbour' });
  });

  it('keeps no query text anywhere for a user who opted out, while their history row still takes clicks', async () => {
    const userId = await insertTestUser(pool, { label: 'private' });
    await pool.query(`UPDATE users SET store_search_queries = false WHERE id = $1`, [userId]);
    const mediaId = await mediaOf(userId);
    const query = 'grandmothers surprise party -cake tag:family';
    const reply = await bus.request(SEARCH_QUERY_V1, searchRequest(userId, query, { filters: { hasFaces: true } }));

    const entry = await auditedEventually(userId, 'search.performed');
    expect(entry).toMatchObject({
      targetId: reply.searchId,
      newValues: null,
      description: null,
      metadata: { mode: 'hybrid', filters: { hasFaces: true }, resultCount: reply.items.length },
    });
    const everything = JSON.stringify(await auditedFor(userId));
    for (const word of ['grandmothers', 'surprise', 'cake', 'family']) expect(everything).not.toContain(word);

    // The history row exists (clicks, counts, analytics) without the text, the vector or the typed filters.
    const row = await historyRow(reply.searchId);
    expect(row).toMatchObject({ query_text: '', has_vector: false, embedding_model: null });
    expect(row['filters']).toMatchObject({ hasFaces: true, queryWithheld: true });
    for (const word of ['grandmothers', 'cake', 'family']) expect(JSON.stringify(row)).not.toContain(word);

    const click = await bus.request(SEARCH_CLICK_V1, { userId, searchId: reply.searchId, mediaId });
    expect(click.clickedResults).toEqual([mediaId]);
  });

  it('records a later page of the same search no second time', async () => {
    const userId = await insertTestUser(pool, { label: 'pager' });
    for (let i = 0; i < 3; i++) await indexedMediaOf(userId);
    // Only filters: the library by date, one file a page.
    const first = await bus.request(SEARCH_QUERY_V1, searchRequest(userId, 'type:image', { limit: 1 }));
    expect(first.nextCursor).not.toBeNull();
    await auditedEventually(userId, 'search.performed');
    const second = await bus.request(
      SEARCH_QUERY_V1,
      searchRequest(userId, 'type:image', { limit: 1, cursor: first.nextCursor! }),
    );
    expect(second.items).toHaveLength(1);
    // A marker search after the page shows the trail has caught up with it.
    const marker = await bus.request(SEARCH_QUERY_V1, searchRequest(userId, 'marker'));
    await eventually(async () => (await auditedFor(userId)).some((entry) => entry.targetId === marker.searchId));
    expect((await auditedFor(userId)).filter((entry) => entry.eventType === 'search.performed')).toHaveLength(2);
  });

  it('answers "similar" to another tenant’s file with the same NOT_FOUND, and audits it as cross-tenant', async () => {
    const caller = await insertTestUser(pool, { label: 'prober' });
    const victimMedia = await mediaOf(await insertTestUser(pool, { label: 'victim' }));
    await expect(
      bus.request(SEARCH_SIMILAR_V1, { userId: caller, mediaId: victimMedia, limit: 5 }),
    ).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND' });
    expect(await auditedEventually(caller, 'access.cross_tenant')).toMatchObject({
      riskLevel: 'high',
      targetType: 'media_file',
      targetId: victimMedia,
      metadata: { operation: 'search.similar', ownerIsOther: true },
    });

    const unknown = randomUUID();
    await expect(bus.request(SEARCH_SIMILAR_V1, { userId: caller, mediaId: unknown, limit: 5 })).rejects.toMatchObject({
      code: 'MEDIA_NOT_FOUND',
    });
    expect(await auditedEventually(caller, 'access.not_found')).toMatchObject({
      riskLevel: 'medium',
      targetId: unknown,
    });
  });

  it('does not audit "similar" on the caller’s own file that is not analysed yet', async () => {
    const userId = await insertTestUser(pool, { label: 'waiting' });
    const own = await mediaOf(userId);
    await expect(bus.request(SEARCH_SIMILAR_V1, { userId, mediaId: own, limit: 5 })).rejects.toMatchObject({
      code: 'MEDIA_NOT_FOUND',
    });
    const marker = await bus.request(SEARCH_QUERY_V1, searchRequest(userId, 'marker'));
    await eventually(async () => (await auditedFor(userId)).some((entry) => entry.targetId === marker.searchId));
    expect((await auditedFor(userId)).map((entry) => entry.eventType)).toEqual(['search.performed']);
  });

  it('refuses a click on another tenant’s search or file with NOT_FOUND, audited as cross-tenant', async () => {
    const caller = await insertTestUser(pool, { label: 'clicker' });
    const victim = await insertTestUser(pool, { label: 'victim' });
    const callerMedia = await mediaOf(caller);
    const victimMedia = await mediaOf(victim);
    const victimsSearch = await bus.request(SEARCH_QUERY_V1, searchRequest(victim, 'private things'));
    await historyRow(victimsSearch.searchId);

    await expect(
      bus.request(SEARCH_CLICK_V1, { userId: caller, searchId: victimsSearch.searchId, mediaId: callerMedia }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const bySearch = await auditedEventually(caller, 'access.cross_tenant');
    expect(bySearch).toMatchObject({
      riskLevel: 'high',
      targetType: 'search',
      targetId: victimsSearch.searchId,
      metadata: { operation: 'search.click', ownerIsOther: true },
    });

    const ownSearch = await bus.request(SEARCH_QUERY_V1, searchRequest(caller, 'mine'));
    await historyRow(ownSearch.searchId);
    await expect(
      bus.request(SEARCH_CLICK_V1, { userId: caller, searchId: ownSearch.searchId, mediaId: victimMedia }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await eventually(async () =>
      (await auditedFor(caller)).some((e) => e.eventType === 'access.cross_tenant' && e.targetId === victimMedia),
    );
    const { rows } = await pool.query(`SELECT clicked_results FROM search_history WHERE id = $1`, [ownSearch.searchId]);
    expect(rows[0].clicked_results ?? []).toEqual([]);

    const unknownSearch = randomUUID();
    await expect(
      bus.request(SEARCH_CLICK_V1, { userId: caller, searchId: unknownSearch, mediaId: callerMedia }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await auditedEventually(caller, 'access.not_found')).toMatchObject({
      targetType: 'search',
      targetId: unknownSearch,
      riskLevel: 'medium',
    });
  });
});
