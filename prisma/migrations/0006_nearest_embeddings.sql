-- Up Migration
-- One user's k nearest embeddings of one model, in one round trip, always k when the user has k.
--
-- A plain HNSW scan filtered by user returns too few rows for a small user (the graph walk
-- meets mostly other users' rows), and pgvector's iterative scans alone do not guarantee k. So:
--   exact  a user with at most p_exact_max_rows rows: read them through the owner index and keep
--          the top k (distance on the bare column, which the model's HNSW index cannot serve);
--   hnsw   a larger user: the model's partial HNSW index on embedding::vector(dims), with an
--          iterative scan that keeps walking until k rows pass the user filter; if it still
--          comes back short, the exact scan answers instead (same statement).
-- Runs as the caller: RLS applies. The settings are transaction-local.
CREATE FUNCTION nearest_embeddings(
    p_user uuid,
    p_model text,
    p_query vector,
    p_k integer,
    p_exact_max_rows integer,
    p_path text DEFAULT NULL,
    p_ef_search integer DEFAULT NULL
) RETURNS TABLE (
    embedding_id uuid,
    media_file_id uuid,
    segment_type varchar,
    start_time_seconds numeric,
    end_time_seconds numeric,
    distance float8,
    path text
)
  LANGUAGE plpgsql VOLATILE
  AS $fn$
DECLARE
  dims integer;
  chosen text := p_path;
  exact_sql text := $q$
    SELECT e.id, e.media_file_id, e.segment_type, e.start_time_seconds, e.end_time_seconds,
           (e.embedding <=> $1)::float8 AS distance, 'exact'::text AS path
    FROM media_embeddings e
    WHERE e.user_id = $2 AND e.embedding_model = $4
    ORDER BY e.embedding <=> $1
    LIMIT $3 $q$;
BEGIN
  SELECT m.dimensions INTO dims FROM embedding_models m WHERE m.name = p_model;
  IF dims IS NULL THEN
    RAISE EXCEPTION 'unknown embedding model %', p_model;
  END IF;
  IF vector_dims(p_query) <> dims THEN
    RAISE EXCEPTION 'query has % dimensions, model % has %', vector_dims(p_query), p_model, dims;
  END IF;
  IF chosen IS NULL THEN
    SELECT CASE WHEN count(*) > p_exact_max_rows THEN 'hnsw' ELSE 'exact' END INTO chosen
    FROM (SELECT 1 FROM media_embeddings e
          WHERE e.user_id = p_user AND e.embedding_model = p_model
          LIMIT p_exact_max_rows + 1) own;
  END IF;

  IF chosen = 'exact' THEN
    RETURN QUERY EXECUTE exact_sql USING p_query, p_user, p_k, p_model;
    RETURN;
  END IF;

  PERFORM set_config('hnsw.iterative_scan', 'relaxed_order', true),
          set_config('hnsw.ef_search', coalesce(p_ef_search, greatest(200, p_k * 4))::text, true),
          -- never let the planner sort a big user's rows instead of walking the index
          set_config('enable_sort', 'off', true);
  RETURN QUERY EXECUTE format($q$
    WITH walked AS MATERIALIZED (
      SELECT e.id, e.media_file_id, e.segment_type, e.start_time_seconds, e.end_time_seconds,
             (e.embedding::vector(%1$s) <=> $1::vector(%1$s))::float8 AS distance, 'hnsw'::text AS path
      FROM media_embeddings e
      WHERE e.embedding_model = %2$L AND e.user_id = $2
      ORDER BY e.embedding::vector(%1$s) <=> $1::vector(%1$s)
      LIMIT $3
    )
    SELECT * FROM walked WHERE (SELECT count(*) FROM walked) >= $3 OR %3$L = 'hnsw'
    UNION ALL
    SELECT * FROM (%4$s) exact WHERE (SELECT count(*) FROM walked) < $3 AND %3$L IS DISTINCT FROM 'hnsw'
  $q$, dims, p_model, p_path, exact_sql) USING p_query, p_user, p_k, p_model;
  PERFORM set_config('enable_sort', 'on', true);
END;
$fn$;

-- Down Migration
DROP FUNCTION IF EXISTS nearest_embeddings(uuid, text, vector, integer, integer, text, integer);
