import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';
import { assertEmbeddingModel, vectorText, type EmbeddingModelRef } from './sql-names';
/**
 * Up to this many values (rows × dimensions: about 20,000 rows at 384-d, 5,000 at 1536-d) the
 * meaning list is an exact scan of the user's own rows. Higher than nearest_embeddings' threshold:
 * here the HNSW walk also has to pass the filters and bring 300 rows, and bench/search measured it
 * slower than the exact scan for a 10,000-file user (89 vs ~46 ms p50, recall 0.95 vs 1.0) with
 * vectors inline.
 */
export const HYBRID_EXACT_SCAN_MAX_VALUES = 8_000_000;

function hybridExactScanMaxRows(dimensions: number): number {
  return Math.floor(HYBRID_EXACT_SCAN_MAX_VALUES / dimensions);
}

/** Filters on the file, as the search contract states them (every one optional). */
export interface MediaSearchFilters {
  fileType?: 'image' | 'video';
  status?: string;
  from?: string;
  to?: string;
  tags?: string[];
  excludeTags?: string[];
  labels?: string[];
  excludeLabels?: string[];
  excludeText?: string[];
  hasFaces?: boolean;
  sentiment?: string;
  minDuration?: number;
  maxDuration?: number;
  filename?: string;
}

export interface CandidateQuery {
  userId: string;
  model: EmbeddingModelRef;
  /** The query's embedding; null searches by words only. */
  vector: readonly number[] | null;
  /** The query as typed; null (or no searchable words) searches by meaning only. */
  text: string | null;
  filters: MediaSearchFilters;
  /** Only files uploaded up to here: later pages of one search never see newer files. */
  asOf: Date;
  /** Rows taken from each ranked list (vector, full-text) before fusion. */
  perList: number;
  /** Leave this file out (more-like-this). */
  excludeMediaId?: string;
  efSearch?: number;
}

/** One embedding row that either list found, with both of its scores. */
export interface SearchCandidate {
  embeddingId: string;
  mediaId: string;
  segmentType: 'full' | 'temporal' | 'audio' | 'visual';
  startTimeSeconds: number | null;
  endTimeSeconds: number | null;
  /** Cosine similarity to the query (-1..1); null when no vector was given. */
  cosine: number | null;
  /** Query words found in this row / query words (0..1); null when the query has no searchable words. */
  coverage: number | null;
  /** ts_rank_cd with the row's field weights (a tie-breaker between equal coverage). */
  textRank: number;
  fileType: 'image' | 'video';
  filename: string;
  hasThumbnail: boolean;
  uploadedAt: Date;
  takenAt: Date | null;
  durationSeconds: number | null;
}

type CandidateRow = {
  id: string;
  media_file_id: string;
  segment_type: SearchCandidate['segmentType'];
  start_time_seconds: Prisma.Decimal | null;
  end_time_seconds: Prisma.Decimal | null;
  cosine: number | null;
  coverage: number | null;
  text_rank: number | null;
  file_type: 'image' | 'video';
  filename: string;
  has_thumbnail: boolean;
  uploaded_at: Date;
  taken_at: Date | null;
  duration_seconds: Prisma.Decimal | null;
};

/** `%`, `_` and `\` stand for themselves in a partial filename. */
function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const lowerAll = (values: readonly string[]) => values.map((value) => value.toLowerCase());

/** The filters as SQL conditions on `m` (media_files) and, for excluded words, the file's full row. */
export function filterConditions(filters: MediaSearchFilters, modelName: string): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const when = (value: unknown, sql: () => Prisma.Sql) => value !== undefined && conditions.push(sql());
  when(filters.fileType, () => Prisma.sql`m.file_type = ${filters.fileType}`);
  when(filters.status, () => Prisma.sql`m.status = ${filters.status}`);
  when(filters.from, () => Prisma.sql`COALESCE(m.taken_at, m.uploaded_at) >= ${filters.from}::timestamptz`);
  when(filters.to, () => Prisma.sql`COALESCE(m.taken_at, m.uploaded_at) < ${filters.to}::timestamptz`);
  const lowerTags = Prisma.sql`(SELECT array_agg(lower(t)) FROM unnest(m.tags) t)`;
  if (filters.tags?.length) conditions.push(Prisma.sql`${lowerTags} @> ${lowerAll(filters.tags)}::text[]`);
  if (filters.excludeTags?.length)
    conditions.push(Prisma.sql`NOT COALESCE(${lowerTags} && ${lowerAll(filters.excludeTags)}::text[], false)`);
  const hasLabel = (label: string) =>
    Prisma.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(m.detected_labels) l WHERE lower(l->>'name') = ${label.toLowerCase()})`;
  for (const label of filters.labels ?? []) conditions.push(hasLabel(label));
  for (const label of filters.excludeLabels ?? []) conditions.push(Prisma.sql`NOT ${hasLabel(label)}`);
  for (const word of filters.excludeText ?? []) {
    conditions.push(Prisma.sql`NOT EXISTS (
      SELECT 1 FROM media_embeddings x
       WHERE x.media_file_id = m.id AND x.embedding_model = ${modelName}
         AND x.search_document @@ plainto_tsquery('english', ${word}))`);
  }
  when(filters.hasFaces, () =>
    filters.hasFaces ? Prisma.sql`m.detected_faces_count > 0` : Prisma.sql`COALESCE(m.detected_faces_count, 0) = 0`,
  );
  when(filters.sentiment, () => Prisma.sql`m.sentiment = ${filters.sentiment}`);
  when(filters.minDuration, () => Prisma.sql`m.duration_seconds >= ${filters.minDuration}`);
  when(filters.maxDuration, () => Prisma.sql`m.duration_seconds <= ${filters.maxDuration}`);
  when(filters.filename, () => {
    const pattern = likePattern(filters.filename!);
    return Prisma.sql`(m.filename ILIKE ${pattern} OR m.original_filename ILIKE ${pattern})`;
  });
  return conditions;
}

/**
 * Candidates for one search, in one round trip: the `perList` rows nearest the query vector and
 * the `perList` rows best matching its words, both among the caller's files that pass the
 * filters, each scored both ways (so fusion never guesses a missing score). Runs in the caller's
 * tenant transaction: RLS applies on top of the explicit owner filter.
 *
 * The vector list takes the model's HNSW index (iterative scan: it walks on until `perList` rows
 * pass the filters) for a user with many rows, and an exact scan otherwise (see vector-search.ts).
 */
export async function searchCandidates(tx: Tx, query: CandidateQuery): Promise<SearchCandidate[]> {
  const { userId, model, filters } = query;
  assertEmbeddingModel(model);
  if (!Number.isInteger(query.perList) || query.perList < 1 || query.perList > 2000)
    throw new RangeError(`perList must be 1..2000, got ${query.perList}`);
  const dims = Prisma.raw(String(model.dimensions));
  const vector = query.vector ? vectorText(query.vector, model.dimensions) : null;

  const fileFilters = filterConditions(filters, model.name);
  const ownRows = [
    Prisma.sql`e.user_id = ${userId}::uuid`,
    Prisma.sql`e.embedding_model = ${model.name}`,
    ...(query.excludeMediaId ? [Prisma.sql`e.media_file_id <> ${query.excludeMediaId}::uuid`] : []),
  ];
  const liveFile = [Prisma.sql`m.deleted_at IS NULL`, Prisma.sql`m.uploaded_at <= ${query.asOf}`];
  const eligible = Prisma.join([...ownRows, ...liveFile, ...fileFilters], ' AND ');
  // Without file filters the lists rank the user's rows alone (no join per row) and deleted or
  // newer files are dropped at the end, from a few extra rows.
  const rankAlone = fileFilters.length === 0;
  const rankedFrom = rankAlone
    ? Prisma.sql`media_embeddings e`
    : Prisma.sql`media_embeddings e JOIN media_files m ON m.id = e.media_file_id`;
  const rankedWhere = rankAlone ? Prisma.join(ownRows, ' AND ') : eligible;
  const take = rankAlone ? query.perList + 20 : query.perList;

  let useIndex = false;
  if (vector) {
    useIndex = (await ownRowCount(tx, userId, model.name, hybridExactScanMaxRows(model.dimensions))) === 'many';
    if (useIndex) {
      const ef = query.efSearch ?? Math.max(200, query.perList * 2);
      await tx.$queryRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
                                set_config('hnsw.ef_search', ${String(ef)}, true)`;
    }
  }
  // The HNSW index is on embedding::vector(dims) of the model's rows: order by that to use it.
  const distance = useIndex
    ? Prisma.sql`e.embedding::vector(${dims}) <=> ${vector}::vector(${dims})`
    : Prisma.sql`e.embedding <=> ${vector}::vector`;
  const nearest = vector
    ? Prisma.sql`SELECT e.id FROM ${rankedFrom} WHERE ${rankedWhere} ORDER BY ${distance} LIMIT ${take}`
    : query.text
      ? Prisma.sql`SELECT NULL::uuid AS id WHERE false`
      : // Filters alone (e.g. "tag:beach"): the matching files, newest first.
        Prisma.sql`SELECT e.id FROM media_embeddings e JOIN media_files m ON m.id = e.media_file_id
                    WHERE ${eligible} AND e.segment_type = 'full'
                    ORDER BY COALESCE(m.taken_at, m.uploaded_at) DESC LIMIT ${query.perList}`;
  const worded = query.text
    ? Prisma.sql`SELECT e.id FROM ${rankedFrom}, q WHERE ${rankedWhere} AND q.tsq IS NOT NULL AND e.search_document @@ q.tsq
                  ORDER BY ts_rank_cd(e.search_document, q.tsq) DESC LIMIT ${take}`
    : Prisma.sql`SELECT NULL::uuid AS id WHERE false`;

  const rows = await tx.$queryRaw<CandidateRow[]>`
    WITH q AS (
      -- The query's words as stemmed lexemes, ORed: ranking rewards files that have more of them.
      SELECT array_agg(lexeme) AS lexemes, string_agg(quote_literal(lexeme), ' | ')::tsquery AS tsq
        FROM unnest(to_tsvector('english', COALESCE(${query.text}::text, '')))
    ),
    nearest AS MATERIALIZED (${nearest}),
    worded AS MATERIALIZED (${worded}),
    found AS (SELECT id FROM nearest UNION SELECT id FROM worded)
    SELECT e.id, e.media_file_id, e.segment_type, e.start_time_seconds, e.end_time_seconds,
           CASE WHEN ${vector}::text IS NULL THEN NULL ELSE (1 - (e.embedding <=> ${vector}::vector))::float8 END AS cosine,
           CASE WHEN q.tsq IS NULL THEN NULL ELSE
             (SELECT count(*) FROM unnest(q.lexemes) l WHERE e.search_document @@ quote_literal(l)::tsquery)::float8
               / cardinality(q.lexemes) END AS coverage,
           CASE WHEN q.tsq IS NULL THEN 0 ELSE ts_rank_cd(e.search_document, q.tsq)::float8 END AS text_rank,
           m.file_type, m.original_filename AS filename, (m.thumbnail_s3_key IS NOT NULL) AS has_thumbnail, m.uploaded_at, m.taken_at,
           m.duration_seconds
      FROM found JOIN media_embeddings e ON e.id = found.id JOIN media_files m ON m.id = e.media_file_id, q
     WHERE ${Prisma.join(liveFile, ' AND ')}`;
  const num = (value: Prisma.Decimal | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    embeddingId: row.id,
    mediaId: row.media_file_id,
    segmentType: row.segment_type,
    startTimeSeconds: num(row.start_time_seconds),
    endTimeSeconds: num(row.end_time_seconds),
    cosine: row.cosine,
    coverage: row.coverage,
    textRank: row.text_rank ?? 0,
    fileType: row.file_type,
    filename: row.filename,
    hasThumbnail: row.has_thumbnail,
    uploadedAt: row.uploaded_at,
    takenAt: row.taken_at,
    durationSeconds: num(row.duration_seconds),
  }));
}

/** Whether a user has more rows of a model than an exact scan serves well (one index probe). */
async function ownRowCount(tx: Tx, userId: string, modelName: string, threshold: number): Promise<'few' | 'many'> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (SELECT 1 FROM media_embeddings
      WHERE user_id = ${userId}::uuid AND embedding_model = ${modelName} LIMIT ${threshold + 1}) own`;
  return Number(row?.n ?? 0) > threshold ? 'many' : 'few';
}

/**
 * Each row's text with the query's words marked by \u0001…\u0002 (every occurrence): the caller
 * picks the passage and escapes it. Rows the caller cannot see (RLS) are simply absent.
 */
export async function markedSourceTexts(
  tx: Tx,
  embeddingIds: readonly string[],
  text: string,
): Promise<Map<string, string>> {
  if (embeddingIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; marked: string }[]>`
    WITH q AS (
      SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS tsq
        FROM unnest(to_tsvector('english', ${text}::text))
    )
    SELECT e.id,
           CASE WHEN q.tsq IS NULL THEN e.source_text
                ELSE ts_headline('english', e.source_text, q.tsq,
                       'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2)) END AS marked
      FROM media_embeddings e, q WHERE e.id = ANY(${embeddingIds}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.marked]));
}

/** The caller's stored vector of one file (its `full` row), to find files like it; null when none. */
export async function mediaVector(tx: Tx, mediaId: string, model: EmbeddingModelRef): Promise<number[] | null> {
  assertEmbeddingModel(model);
  const [row] = await tx.$queryRaw<{ v: string }[]>`
    SELECT e.embedding::text AS v FROM media_embeddings e JOIN media_files m ON m.id = e.media_file_id
     WHERE e.media_file_id = ${mediaId}::uuid AND e.embedding_model = ${model.name} AND e.segment_type = 'full'
       AND m.deleted_at IS NULL
     LIMIT 1`;
  return row ? (JSON.parse(row.v) as number[]) : null;
}
