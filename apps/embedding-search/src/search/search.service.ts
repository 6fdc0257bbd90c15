import { randomUUID, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError, type SearchFilters, type SearchHit, type SearchReply, type SearchRequest } from '@ams/contracts';
import {
  Database,
  markedSourceTexts,
  mediaVector,
  mediaVisible,
  searchCandidates,
  userPreferences,
  type SearchCandidate,
  type Tx,
} from '@ams/db';
import { LOCAL_LEXICAL_MODEL, LocalLexicalEmbedder, type TextEmbedder } from '@ams/embeddings';
import { cursorSecret } from '../config';
import { EmbeddingCosts, EmbeddingMeter } from '../costs/embedding-costs';
import { EmbeddingModels } from '../models/embedding-models.service';
import { SearchHistoryWriter } from '../search-history/search-history.writer';
import { parseQuerySyntax } from './query-syntax';
import { rankMedia, type Fusion, type RankedMedia, type RankedRow } from './ranking';
import { SearchCache } from './search-cache';
import { InvalidCursor, SearchCursors, searchFingerprint, type SearchPosition } from './search-cursor';
import { keptQuery, structuredFilters } from './search-privacy';
import { explainMatch } from './snippets';

type CachedPage = Omit<SearchReply, 'searchId' | 'cacheHit' | 'tookMs'>;

/**
 * Hybrid search over one user's library: the query's vector and its words each bring their best
 * rows (filters applied inside both), fusion gives every file one 0..1 score, the floor drops
 * weak matches, and the page is cut from the relevant set by score or by date with a signed cursor.
 */
@Injectable()
export class SearchService {
  private readonly cursors: SearchCursors;
  private readonly fusion: Fusion;
  private readonly semanticWeight: number;
  private readonly defaultMinScore: number;
  private readonly perList: number;

  constructor(
    private readonly database: Database,
    private readonly models: EmbeddingModels,
    private readonly cache: SearchCache,
    private readonly history: SearchHistoryWriter,
    private readonly costs: EmbeddingCosts,
    private readonly audit: AuditTrail,
    config: ConfigService,
  ) {
    this.cursors = new SearchCursors(
      cursorSecret(config.get<string>('SEARCH_CURSOR_SECRET'), config.getOrThrow<string>('DATABASE_URL')),
    );
    this.fusion = config.getOrThrow<Fusion>('SEARCH_FUSION');
    this.semanticWeight = config.getOrThrow<number>('SEARCH_SEMANTIC_WEIGHT');
    this.defaultMinScore = config.getOrThrow<number>('SEARCH_MIN_SCORE');
    this.perList = config.getOrThrow<number>('SEARCH_CANDIDATES');
  }

  /** The cursor's position; a refused cursor is audited (someone else's or a forged one is high risk). */
  private positionOf(cursor: string, userId: string, fingerprint: string): SearchPosition {
    try {
      return this.cursors.decode(cursor, userId, fingerprint);
    } catch (error) {
      if (error instanceof InvalidCursor)
        this.audit.record('access.invalid_cursor', {
          userId,
          targetType: 'search',
          description: 'A search page was asked for with a cursor this API did not issue for it',
          metadata: { reason: error.reason },
          risk: error.reason === 'forged' || error.reason === 'other_user' ? 'high' : undefined,
        });
      throw error;
    }
  }

  async search(request: SearchRequest): Promise<SearchReply> {
    const started = performance.now();
    const searchId = randomUUID();
    const { text, filters } = parseQuerySyntax(request.query, request.filters);
    checkFilters(filters);
    const minScore = request.minScore ?? this.defaultMinScore;
    const embedder = await this.models.servingEmbedder();
    const fingerprint = searchFingerprint({
      text,
      filters,
      mode: request.mode,
      minScore,
      sort: request.sort,
      order: request.order,
      model: embedder.model.name,
    });
    const position = request.cursor ? this.positionOf(request.cursor, request.userId, fingerprint) : null;

    const version = await this.cache.libraryVersion(request.userId);
    const pageKey = `${request.userId}:${version}:${fingerprint}:${request.limit}:${request.cursor ?? ''}`;
    const cached = await this.cache.page<CachedPage>(pageKey);
    const byMeaning = !cached && request.mode !== 'keyword' && text.length > 0;
    const vector = byMeaning ? await this.queryVector(request.userId, embedder, text) : null;
    // Embedded before the transaction: no model runs while it is open.
    const lookVector = byMeaning && this.models.image ? (await this.models.image.embedQuery([text]))[0]! : null;
    // The user's store_search_queries choice is read with a fresh page; a cached one costs one small read.
    const { page, keepsText } = cached
      ? { page: cached, keepsText: await this.keepsQueryText(request.userId) }
      : await this.freshPage(request, { text, filters, minScore, embedder, vector, lookVector, fingerprint, position });
    if (!cached) await this.cache.storePage(pageKey, page);
    const kept = keptQuery(keepsText, request, filters);
    const keptVector = keepsText ? vector : null;

    const tookMs = Math.round(performance.now() - started);
    // Opted out: the row is still written (clicks, counts and analytics need it) with an empty query.
    this.history.record({
      id: searchId,
      userId: request.userId,
      queryText: kept.text ?? '',
      queryEmbedding: keptVector ? `[${keptVector.join(',')}]` : null,
      embeddingModel: keptVector ? embedder.model.name : null,
      filters: { ...kept.filters, mode: request.mode, minScore, ...(keepsText ? {} : { queryWithheld: true }) },
      sortBy: request.sort,
      sortOrder: request.order,
      limitCount: request.limit,
      offsetCount: 0,
      resultsCount: page.items.length,
      responseTimeMs: tookMs,
      cacheHit: cached !== null,
      sessionId: request.origin.sessionId ?? null,
      sourcePage: request.origin.sourcePage ?? null,
      userAgent: request.origin.userAgent ?? null,
      ipAddress: request.origin.ip ?? null,
      searchedAt: new Date(),
    });
    // Once per search: later pages of it carry a cursor.
    if (!request.cursor) {
      this.audit.record('search.performed', {
        userId: request.userId,
        targetType: 'search',
        targetId: searchId,
        newValues: kept.text === null ? undefined : { query: kept.text },
        metadata: {
          mode: request.mode,
          filters: structuredFilters(kept.filters),
          resultCount: page.items.length,
          tookMs,
        },
      });
    }
    return { searchId, ...page, cacheHit: cached !== null, tookMs };
  }

  /** The user's store_search_queries choice; nothing is kept for a user who cannot be read. */
  private async keepsQueryText(userId: string): Promise<boolean> {
    const preferences = await this.database.tenant(userId, (tx) => userPreferences(tx, userId));
    return preferences?.storeSearchQueries ?? false;
  }

  /** Files like one of the caller's files, by meaning (its own vector), best first. */
  async similar(userId: string, mediaId: string, limit: number): Promise<{ items: SearchHit[]; model: string }> {
    const started = performance.now();
    const embedder = await this.models.servingEmbedder();
    const { model } = embedder;
    let unseen = false;
    const items = await this.database.tenant(userId, async (tx) => {
      const vector = await mediaVector(tx, mediaId, model);
      if (!vector) {
        unseen = !(await mediaVisible(tx, mediaId));
        return null;
      }
      const candidates = await searchCandidates(tx, {
        userId,
        model,
        vector,
        text: null,
        filters: {},
        asOf: new Date(),
        perList: Math.min(2000, Math.max(limit * 4, 50)),
        excludeMediaId: mediaId,
      });
      const ranked = rankMedia(candidates, this.rankingOptions('semantic', embedder)).slice(0, limit);
      const marked = await markedSourceTexts(
        tx,
        ranked.map((media) => media.bestEmbeddingId),
        '',
      );
      return ranked.map((media) => this.toHit(media, marked));
    });
    if (!items) {
      // The caller's own file not analysed yet is no access refusal; any other id is audited.
      if (unseen)
        this.audit.recordRefusedId({
          userId,
          targetType: 'media_file',
          targetId: mediaId,
          operation: 'search.similar',
        });
      throw new DomainError('MEDIA_NOT_FOUND', 'No such file in your library, or it is not analysed yet.');
    }
    this.audit.record('search.performed', {
      userId,
      targetType: 'media_file',
      targetId: mediaId,
      metadata: {
        kind: 'similar',
        mediaId,
        mode: 'semantic',
        resultCount: items.length,
        tookMs: Math.round(performance.now() - started),
      },
    });
    return { items, model: model.name };
  }

  private async freshPage(
    request: SearchRequest,
    search: {
      text: string;
      filters: SearchFilters;
      minScore: number;
      embedder: TextEmbedder;
      vector: number[] | null;
      lookVector: number[] | null;
      fingerprint: string;
      position: SearchPosition | null;
    },
  ): Promise<{ page: CachedPage; keepsText: boolean }> {
    const { embedder, text, position } = search;
    const asOf = position ? new Date(position.asOf) : new Date();
    const byDate = request.sort === 'date' || !text;
    const page = await this.database.tenant(request.userId, async (tx) => {
      const preferences = await userPreferences(tx, request.userId);
      const candidates = await searchCandidates(tx, {
        userId: request.userId,
        model: embedder.model,
        vector: search.vector,
        text: text || null,
        filters: search.filters,
        asOf,
        perList: this.perList,
      });
      const looks = search.lookVector
        ? await this.lookCandidates(tx, request.userId, search.lookVector, search.filters, asOf)
        : [];
      const relevant = text
        ? rankMedia([...candidates, ...looks], this.rankingOptions(request.mode, embedder)).filter(
            (m) => m.score >= search.minScore,
          )
        : rankMedia(candidates, this.rankingOptions('semantic', embedder)).map((m) => ({ ...m, score: 1 }));
      const sortKey = (media: RankedMedia) => (byDate ? dateOf(media.facts) : media.score);
      const direction = byDate && request.order === 'asc' ? 1 : -1;
      const ordered = relevant.sort(
        (a, b) => direction * (sortKey(a) - sortKey(b)) || a.mediaId.localeCompare(b.mediaId),
      );
      const after = position
        ? ordered.filter((media) => {
            const key = sortKey(media);
            return direction * (key - position.key) > 0 || (key === position.key && media.mediaId > position.id);
          })
        : ordered;
      const shown = after.slice(0, request.limit);
      const last = shown.at(-1);
      const nextCursor =
        after.length > request.limit && last
          ? this.cursors.encode(request.userId, search.fingerprint, {
              asOf: asOf.getTime(),
              key: sortKey(last),
              id: last.mediaId,
            })
          : null;
      const rowIds = shown.flatMap((media) => [media.bestEmbeddingId, ...media.moments.map((m) => m.embeddingId)]);
      const marked = await markedSourceTexts(tx, rowIds, text);
      return { shown, nextCursor, marked, keepsQueryText: preferences?.storeSearchQueries ?? false };
    });
    const close = await this.closeWords(text, page.marked);
    return {
      page: {
        items: page.shown.map((media) => this.toHit(media, page.marked, close)),
        nextCursor: page.nextCursor,
        model: embedder.model.name,
      },
      keepsText: page.keepsQueryText,
    };
  }

  /**
   * For rows where no query word matched literally, the words that match by meaning (WordNet,
   * whatever model ranked them), so the snippet still shows why the file came up.
   */
  private async closeWords(query: string, marked: Map<string, string>): Promise<Map<string, string[]>> {
    const close = new Map<string, string[]>();
    const lexical = this.models.get(LOCAL_LEXICAL_MODEL.name);
    if (!query || !(lexical instanceof LocalLexicalEmbedder)) return close;
    for (const [id, text] of marked) {
      if (text.includes('\u0001')) continue;
      close.set(
        id,
        (await lexical.explainMatch(query, text)).map((match) => match.text),
      );
    }
    return close;
  }

  private toHit(media: RankedMedia, marked: Map<string, string>, close = new Map<string, string[]>()): SearchHit {
    const closeTo = (id: string) => () => close.get(id) ?? [];
    const explained = explainMatch(marked.get(media.bestEmbeddingId), closeTo(media.bestEmbeddingId));
    const { facts } = media;
    return {
      mediaId: media.mediaId,
      fileType: facts.fileType,
      filename: facts.filename,
      hasThumbnail: facts.hasThumbnail,
      score: round(media.score),
      matchedFields: explained.matchedFields,
      snippet: explained.snippet,
      moments: media.moments.map((moment) => ({
        start: moment.start,
        end: moment.end,
        score: round(moment.score),
        kind: moment.kind,
        snippet: explainMatch(marked.get(moment.embeddingId), closeTo(moment.embeddingId)).snippet,
      })),
      uploadedAt: facts.uploadedAt.toISOString(),
      takenAt: facts.takenAt?.toISOString() ?? null,
      durationSeconds: facts.durationSeconds,
    };
  }

  /**
   * With an image embedder: the rows nearest the query in its space (what files look like),
   * scored by meaning with that model's own calibration.
   */
  private async lookCandidates(
    tx: Tx,
    userId: string,
    vector: number[],
    filters: SearchFilters,
    asOf: Date,
  ): Promise<RankedRow[]> {
    const image = this.models.image!;
    const rows = await searchCandidates(tx, {
      userId,
      model: image.model,
      vector,
      text: null,
      filters,
      asOf,
      perList: this.perList,
    });
    return rows.map((row) => ({ ...row, coverage: null, calibration: image.model.similarity }));
  }

  private rankingOptions(mode: SearchRequest['mode'], embedder: TextEmbedder) {
    return { mode, fusion: this.fusion, semanticWeight: this.semanticWeight, calibration: embedder.model.similarity };
  }

  /** The query's vector: Redis first (shared by replicas), else the embedder. */
  private async queryVector(userId: string, embedder: TextEmbedder, text: string): Promise<number[]> {
    const key = createHash('sha256').update(text.toLowerCase()).digest('base64url');
    const cached = await this.cache.vector(embedder.model.name, key);
    if (cached && cached.length === embedder.model.dimensions) return cached;
    const meter = new EmbeddingMeter(embedder.model.provider);
    const [vector] = await embedder.embed([text], meter.context);
    await this.cache.storeVector(embedder.model.name, key, vector!);
    if (meter.lines().length > 0) {
      await this.database.service((tx) => this.costs.record(tx, { userId, mediaId: null, jobId: null }, meter));
    }
    return vector!;
  }
}

function dateOf(facts: SearchCandidate): number {
  return (facts.takenAt ?? facts.uploadedAt).getTime();
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

function checkFilters(filters: SearchFilters): void {
  const problems: string[] = [];
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to))
    problems.push('from must be before to');
  if (
    filters.minDuration !== undefined &&
    filters.maxDuration !== undefined &&
    filters.minDuration > filters.maxDuration
  )
    problems.push('minDuration must not exceed maxDuration');
  if (problems.length) throw new DomainError('VALIDATION_FAILED', `Invalid search filters: ${problems.join('; ')}.`);
}
