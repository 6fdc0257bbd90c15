import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ZodValidationPipe } from 'nestjs-zod';
import type { z } from 'zod';
import { AuditTrail } from '@ams/audit-trail';
import {
  BILLING_CONSUME_SEARCH_V1,
  parseMessage,
  SEARCH_ANALYTICS_V1,
  SEARCH_CLICK_V1,
  SEARCH_HISTORY_V1,
  SEARCH_QUERY_V1,
  SEARCH_REINDEX_STATUS_V1,
  SEARCH_REINDEX_V1,
  SEARCH_SIMILAR_V1,
  type ReindexRun,
  type RpcContract,
  type SearchHit,
} from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { fastifyAdapter } from '@ams/runtime';
import { ReindexController } from '../admin/reindex.controller';
import { AuthGuard } from '../auth/auth.guard';
import { ProblemFilter } from '../problem/problem.filter';
import type { SignedInUser } from '../users/signed-in-user';
import { SearchAnalyticsController } from './search-analytics.controller';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';
import { SimilarMediaController } from './similar-media.controller';

type AnyRpc = RpcContract<z.ZodType, z.ZodType>;
type Answer = (payload: never) => unknown;

const USER: SignedInUser = {
  id: '0b5c2c7e-8f3a-4c1e-9d2b-6a7f1e3d5c90',
  uid: 'local-user',
  email: 'user@example.com',
  tier: 'free',
  isAdmin: false,
};
const SEARCH_ID = '7d1e6f0a-3b2c-4d5e-8f9a-0b1c2d3e4f5a';
const MEDIA_ID = 'c3a1b2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const OTHER_ID = 'e4b2c3d5-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const RUN: ReindexRun = {
  id: '9f8e7d6c-5b4a-4321-9fed-cba987654321',
  model: 'clip-vit-b32',
  status: 'running',
  total: 10,
  done: 0,
  failed: 0,
  servingModel: 'minilm-l6',
  startedAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
  error: null,
};

function hit(mediaId: string, hasThumbnail: boolean): SearchHit {
  return {
    mediaId,
    fileType: 'video',
    filename: 'beach.mp4',
    hasThumbnail,
    score: 0.82,
    matchedFields: ['summary', 'labels'],
    snippet: 'kids on a <mark>beach</mark>',
    moments: [{ start: 3, end: 8, score: 0.9, kind: 'visual', snippet: null }],
    uploadedAt: '2026-01-02T10:00:00.000Z',
    takenAt: null,
    durationSeconds: 12.5,
  };
}

/**
 * A stand-in for the broker that checks every request and reply against its contract, as the
 * real MessageBus does, and records what was asked.
 */
class FakeBus {
  readonly calls: { name: string; payload: unknown }[] = [];
  private readonly answers = new Map<string, Answer>();

  answer<C extends AnyRpc>(contract: C, reply: (payload: z.infer<C['request']>) => z.input<C['reply']>): this {
    this.answers.set(contract.name, reply as Answer);
    return this;
  }

  async request(contract: AnyRpc, payload: unknown): Promise<unknown> {
    const request = parseMessage(contract.name, contract.request, payload);
    this.calls.push({ name: contract.name, payload: request });
    const answer = this.answers.get(contract.name);
    if (!answer) throw new Error(`no answer for ${contract.name}`);
    return parseMessage(`${contract.name} reply`, contract.reply, await answer(request as never));
  }

  payloadOf(contract: AnyRpc): unknown {
    return this.calls.find((call) => call.name === contract.name)?.payload;
  }

  names(): string[] {
    return this.calls.map((call) => call.name);
  }
}

async function bootSearchApi(bus: FakeBus, user: SignedInUser): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    controllers: [SearchController, SearchAnalyticsController, SimilarMediaController, ReindexController],
    providers: [
      SearchService,
      { provide: MessageBus, useValue: bus },
      // The admin routes audit; these tests are about search, so entries go nowhere.
      { provide: AuditTrail, useValue: { record: () => undefined, recordIn: async () => undefined } },
      { provide: APP_PIPE, useClass: ZodValidationPipe },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  })
    .overrideGuard(AuthGuard)
    .useValue({
      canActivate: (context: { switchToHttp(): { getRequest(): { signedInUser?: SignedInUser } } }) => {
        context.switchToHttp().getRequest().signedInUser = user;
        return true;
      },
    })
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function searchingBus(): FakeBus {
  return new FakeBus()
    .answer(BILLING_CONSUME_SEARCH_V1, () => ({ allowed: true, used: 1, limit: 50 }))
    .answer(SEARCH_QUERY_V1, () => ({
      searchId: SEARCH_ID,
      items: [hit(MEDIA_ID, true), hit(OTHER_ID, false)],
      nextCursor: 'next-page',
      model: 'minilm-l6',
      cacheHit: false,
      tookMs: 42,
    }));
}

describe('GET /v1/search', () => {
  let app: NestFastifyApplication;
  let bus: FakeBus;

  beforeEach(async () => {
    bus = searchingBus();
    app = await bootSearchApi(bus, USER);
  });

  afterEach(async () => {
    await app.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('counts a first page against the plan, a later page (with its cursor) not', async () => {
    expect((await get('/v1/search?q=dogs')).statusCode).toBe(200);
    expect(bus.names()).toEqual([BILLING_CONSUME_SEARCH_V1.name, SEARCH_QUERY_V1.name]);
  });

  it('searches with the filters, paging and origin it was given', async () => {
    const response = await get(
      '/v1/search?q=%20kids%20on%20a%20beach%20&mode=semantic&type=video&status=completed' +
        '&from=2025-06-01&to=2025-06-30&tags=family,%20summer&tags=trip&excludeTags=work' +
        '&labels=Beach&excludeLabels=Car,Truck&excludeText=invoice&hasFaces=true&sentiment=positive' +
        '&minDuration=5&maxDuration=60.5&filename=IMG_&minScore=0.3&sort=date&order=asc&limit=5' +
        `&cursor=abc&sessionId=${SEARCH_ID}&source=library`,
      { 'user-agent': 'jest-agent/1.0' },
    );
    expect(response.statusCode).toBe(200);
    expect(bus.names()).toEqual([SEARCH_QUERY_V1.name]);
    expect(bus.payloadOf(SEARCH_QUERY_V1)).toEqual({
      userId: USER.id,
      query: 'kids on a beach',
      mode: 'semantic',
      filters: {
        fileType: 'video',
        status: 'completed',
        from: '2025-06-01T00:00:00.000Z',
        // A date alone includes that whole day: `to` is exclusive.
        to: '2025-07-01T00:00:00.000Z',
        tags: ['family', 'summer', 'trip'],
        excludeTags: ['work'],
        labels: ['Beach'],
        excludeLabels: ['Car', 'Truck'],
        excludeText: ['invoice'],
        hasFaces: true,
        sentiment: 'POSITIVE',
        minDuration: 5,
        maxDuration: 60.5,
        filename: 'IMG_',
      },
      minScore: 0.3,
      sort: 'date',
      order: 'asc',
      limit: 5,
      cursor: 'abc',
      origin: { sessionId: SEARCH_ID, sourcePage: 'library', userAgent: 'jest-agent/1.0', ip: '127.0.0.1' },
    });
  });

  it('searches with the defaults when only q is given', async () => {
    expect((await get('/v1/search?q=sunset')).statusCode).toBe(200);
    expect(bus.payloadOf(SEARCH_QUERY_V1)).toMatchObject({
      query: 'sunset',
      mode: 'hybrid',
      filters: {},
      sort: 'relevance',
      order: 'desc',
      limit: 20,
    });
  });

  it('answers with every field of each hit plus its thumbnail URL (null without a thumbnail)', async () => {
    const response = await get('/v1/search?q=beach');
    expect(response.json()).toEqual({
      searchId: SEARCH_ID,
      items: [
        { ...hit(MEDIA_ID, true), thumbnailUrl: `/v1/media/${MEDIA_ID}/thumbnail` },
        { ...hit(OTHER_ID, false), thumbnailUrl: null },
      ],
      nextCursor: 'next-page',
      model: 'minilm-l6',
      cacheHit: false,
      tookMs: 42,
    });
  });

  it('passes SQL-looking text through as plain data', async () => {
    const injection = "'; DROP TABLE media_files; --";
    const tag = "x') OR 1=1 --";
    const response = await get(
      `/v1/search?q=${encodeURIComponent(injection)}&tags=${encodeURIComponent(tag)}` +
        `&filename=${encodeURIComponent('%_\\')}`,
    );
    expect(response.statusCode).toBe(200);
    expect(bus.payloadOf(SEARCH_QUERY_V1)).toMatchObject({
      query: injection,
      filters: { tags: [tag], filename: '%_\\' },
    });
  });

  it.each([
    ['an unknown parameter', '/v1/search?q=cat&colour=red', 'colour', /Unknown query parameter: colour/],
    ['a misspelt parameter', '/v1/search?q=cat&limt=5&tag=x', 'limt', /Unknown query parameters: limt, tag/],
    ['no query', '/v1/search?limit=5', 'q', /./],
    ['a blank query', '/v1/search?q=%20%20', 'q', /Type something/],
    ['a 2,000-character query', `/v1/search?q=${'a'.repeat(2000)}`, 'q', /at most 500 characters/],
    ['limit 0', '/v1/search?q=cat&limit=0', 'limit', /./],
    ['limit 101', '/v1/search?q=cat&limit=101', 'limit', /./],
    ['a limit that is not a number', '/v1/search?q=cat&limit=ten', 'limit', /./],
    ['a fractional limit', '/v1/search?q=cat&limit=2.5', 'limit', /./],
    ['a sessionId that is not a uuid', '/v1/search?q=cat&sessionId=abc', 'sessionId', /./],
    ['an unknown mode', '/v1/search?q=cat&mode=fuzzy', 'mode', /./],
    ['an unknown type', '/v1/search?q=cat&type=audio', 'type', /./],
    ['a date that is not a date', '/v1/search?q=cat&from=yesterday', 'from', /./],
    ['from after to', '/v1/search?q=cat&from=2025-02-01&to=2025-01-01', 'from', /before/],
    ['hasFaces that is not a boolean', '/v1/search?q=cat&hasFaces=yes', 'hasFaces', /./],
    ['a negative duration', '/v1/search?q=cat&minDuration=-1', 'minDuration', /./],
    ['minDuration above maxDuration', '/v1/search?q=cat&minDuration=9&maxDuration=3', 'minDuration', /exceed/],
    ['minScore above 1', '/v1/search?q=cat&minScore=1.5', 'minScore', /./],
    ['a source over 100 characters', `/v1/search?q=cat&source=${'s'.repeat(101)}`, 'source', /./],
    ['more than 20 tags', `/v1/search?q=cat&tags=${Array.from({ length: 21 }, (_, i) => `t${i}`)}`, 'tags', /20/],
    ['a tag over 64 characters', `/v1/search?q=cat&tags=${'t'.repeat(65)}`, 'tags.0', /64/],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field, and counts no search', async (_, url, field, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const error = body.errors.find((e: { field: string }) => e.field === field);
    expect(error).toBeDefined();
    expect(error.message).toMatch(message);
    expect(bus.calls).toEqual([]);
  });

  it('refuses a search over the monthly quota with 403 SEARCH_QUOTA_EXCEEDED, limit and used, and does not search', async () => {
    await app.close();
    bus = searchingBus().answer(BILLING_CONSUME_SEARCH_V1, () => ({ allowed: false, used: 50, limit: 50 }));
    app = await bootSearchApi(bus, USER);
    const response = await get('/v1/search?q=beach');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      status: 403,
      code: 'SEARCH_QUOTA_EXCEEDED',
      detail: expect.stringContaining('searches'),
      limit: 50,
      used: 50,
    });
    expect(bus.names()).toEqual([BILLING_CONSUME_SEARCH_V1.name]);
  });
});

describe('the other search routes', () => {
  let app: NestFastifyApplication;
  let bus: FakeBus;

  beforeAll(async () => {
    bus = new FakeBus()
      .answer(SEARCH_CLICK_V1, ({ searchId, mediaId }) => ({
        searchId,
        clickedResults: [mediaId],
        clickThroughRate: 0.5,
      }))
      .answer(SEARCH_HISTORY_V1, () => ({ items: [], nextCursor: null }))
      .answer(SEARCH_ANALYTICS_V1, ({ days }) => ({
        days,
        totals: { searches: 0, avgResponseTimeMs: null, clickThroughRate: null, cacheHitRate: null },
        daily: [],
      }))
      .answer(SEARCH_SIMILAR_V1, () => ({ items: [hit(OTHER_ID, true)], model: 'minilm-l6' }));
    app = await bootSearchApi(bus, USER);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => bus.calls.splice(0));

  it('records a click on a result and answers with the click-through', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/search/${SEARCH_ID}/click`,
      payload: { mediaId: MEDIA_ID },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ searchId: SEARCH_ID, clickedResults: [MEDIA_ID], clickThroughRate: 0.5 });
    expect(bus.payloadOf(SEARCH_CLICK_V1)).toEqual({ userId: USER.id, searchId: SEARCH_ID, mediaId: MEDIA_ID });
  });

  it.each([
    ['a search id that is not a uuid', '/v1/search/abc/click', { mediaId: MEDIA_ID }],
    ['a body with another field', `/v1/search/${SEARCH_ID}/click`, { mediaId: MEDIA_ID, rank: 1 }],
    ['a media id that is not a uuid', `/v1/search/${SEARCH_ID}/click`, { mediaId: '1 OR 1=1' }],
  ])('refuses a click with %s', async (_, url, payload) => {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(bus.calls).toEqual([]);
  });

  it('pages through the history and refuses a bad limit', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/search/history?limit=5&cursor=c1' });
    expect(response.statusCode).toBe(200);
    expect(bus.payloadOf(SEARCH_HISTORY_V1)).toEqual({ userId: USER.id, limit: 5, cursor: 'c1' });
    expect((await app.inject({ method: 'GET', url: '/v1/search/history?limit=500' })).statusCode).toBe(400);
  });

  it('reports analytics over 30 days by default and refuses 0 or 367 days', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/analytics/search' });
    expect(response.statusCode).toBe(200);
    expect(response.json().days).toBe(30);
    for (const days of ['0', '367', 'a-week']) {
      const refused = await app.inject({ method: 'GET', url: `/v1/analytics/search?days=${days}` });
      expect(refused.statusCode).toBe(400);
    }
  });

  it('finds similar files, each with its thumbnail URL', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/media/${MEDIA_ID}/similar?limit=3` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [{ ...hit(OTHER_ID, true), thumbnailUrl: `/v1/media/${OTHER_ID}/thumbnail` }],
      model: 'minilm-l6',
    });
    expect(bus.payloadOf(SEARCH_SIMILAR_V1)).toEqual({ userId: USER.id, mediaId: MEDIA_ID, limit: 3 });
    expect((await app.inject({ method: 'GET', url: '/v1/media/not-a-uuid/similar' })).statusCode).toBe(400);
  });
});

describe('/v1/admin/reindex', () => {
  const adminBus = () =>
    new FakeBus()
      .answer(SEARCH_REINDEX_V1, () => RUN)
      .answer(SEARCH_REINDEX_STATUS_V1, ({ runId }) => (runId === undefined || runId === RUN.id ? RUN : null));

  it('refuses a signed-in user who is not an administrator with 403 FORBIDDEN, asking nothing', async () => {
    const bus = adminBus();
    const app = await bootSearchApi(bus, USER);
    try {
      for (const [method, url] of [
        ['POST', '/v1/admin/reindex'],
        ['GET', '/v1/admin/reindex'],
        ['GET', `/v1/admin/reindex/${RUN.id}`],
      ] as const) {
        const response = await app.inject({ method, url });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'FORBIDDEN', detail: 'Administrators only.' });
      }
      expect(bus.calls).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('lets an administrator start a run (202), read the latest, and read one by id (404 when unknown)', async () => {
    const bus = adminBus();
    const app = await bootSearchApi(bus, { ...USER, isAdmin: true });
    try {
      const started = await app.inject({ method: 'POST', url: '/v1/admin/reindex' });
      expect(started.statusCode).toBe(202);
      expect(started.json()).toEqual(RUN);
      expect(bus.payloadOf(SEARCH_REINDEX_V1)).toEqual({ requestedBy: USER.id });
      expect((await app.inject({ method: 'GET', url: '/v1/admin/reindex' })).json()).toEqual(RUN);
      expect((await app.inject({ method: 'GET', url: `/v1/admin/reindex/${RUN.id}` })).statusCode).toBe(200);
      const missing = await app.inject({ method: 'GET', url: `/v1/admin/reindex/${MEDIA_ID}` });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('NOT_FOUND');
      expect((await app.inject({ method: 'GET', url: '/v1/admin/reindex/latest' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
