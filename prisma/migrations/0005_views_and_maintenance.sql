-- Up Migration

-- The spec's dashboard view, with two fixes:
--   security_invoker: a plain view runs as its owner and would skip RLS for every caller;
--   per-user subqueries: joining files and cost rows in one GROUP BY multiplied both
--   (3 files x 2 cost rows counted 6 files and doubled the cost).
CREATE VIEW user_dashboard_summary WITH (security_invoker = true) AS
SELECT
    u.id,
    u.subscription_tier,
    u.uploads_this_month,
    u.searches_this_month,
    u.storage_used_bytes,
    ul.max_uploads_per_month,
    ul.max_searches_per_month,
    ul.max_storage_bytes,
    COALESCE(files.total_files, 0) AS total_files,
    COALESCE(files.processed_files, 0) AS processed_files,
    COALESCE(costs.current_month_cost, 0) AS current_month_cost
FROM users u
LEFT JOIN usage_limits ul ON u.subscription_tier = ul.tier_name
LEFT JOIN LATERAL (
    SELECT COUNT(*) AS total_files,
           COUNT(*) FILTER (WHERE mf.status = 'completed') AS processed_files
    FROM media_files mf
    WHERE mf.user_id = u.id AND mf.deleted_at IS NULL
) files ON true
LEFT JOIN LATERAL (
    SELECT SUM(ct.amount) AS current_month_cost
    FROM cost_tracking ct
    WHERE ct.user_id = u.id
      AND ct.billing_period_year = EXTRACT(YEAR FROM NOW())
      AND ct.billing_period_month = EXTRACT(MONTH FROM NOW())
) costs ON true
WHERE u.deleted_at IS NULL;
GRANT SELECT ON user_dashboard_summary TO app_user, app_service, admin_role;

-- Monthly usage reset, run by the billing service's scheduler (no pg_cron). Each user's period
-- rolls forward from its own end, by as many whole months as have passed, so periods do not
-- drift and a second run (another replica) finds nothing due. Returns how many users were reset.
CREATE FUNCTION reset_monthly_usage() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  reset_count integer;
BEGIN
  WITH due AS (
    SELECT id,
           billing_period_end AS old_end,
           (EXTRACT(YEAR FROM age(NOW(), billing_period_end)) * 12
              + EXTRACT(MONTH FROM age(NOW(), billing_period_end)))::int + 1 AS months
    FROM users
    WHERE billing_period_end <= NOW()
    FOR UPDATE
  )
  UPDATE users u SET
      uploads_this_month = 0,
      searches_this_month = 0,
      billing_period_start = due.old_end + make_interval(months => due.months - 1),
      billing_period_end = due.old_end + make_interval(months => due.months)
  FROM due
  WHERE u.id = due.id;
  GET DIAGNOSTICS reset_count = ROW_COUNT;
  RETURN reset_count;
END;
$$;

-- Monthly search_history partitions from this month to `months_ahead` months on, created by a
-- scheduled maintenance job. Rows already caught by the default partition for a new month are
-- moved into it. Returns how many partitions were created.
CREATE FUNCTION ensure_search_history_partitions(months_ahead integer DEFAULT 3) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
DECLARE
  month_start date;
  month_end date;
  partition_name text;
  created integer := 0;
BEGIN
  FOR i IN 0..months_ahead LOOP
    month_start := (date_trunc('month', NOW()) + make_interval(months => i))::date;
    month_end := (month_start + INTERVAL '1 month')::date;
    partition_name := format('search_history_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
    CONTINUE WHEN to_regclass(partition_name) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE search_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM search_history_default WHERE searched_at >= %L AND searched_at < %L RETURNING *)
       INSERT INTO %I SELECT * FROM moved', month_start, month_end, partition_name);
    EXECUTE format('ALTER TABLE search_history ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, month_start, month_end);
    created := created + 1;
  END LOOP;
  RETURN created;
END;
$$;
REVOKE ALL ON FUNCTION ensure_search_history_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_search_history_partitions(integer) TO app_service;

-- One HNSW index (cosine) per embedding model, over the rows of that model only, on the
-- embedding cast to the model's dimension. HNSW, not the spec's IVFFlat: IVFFlat computes its
-- lists from the rows present when it is built, so built on an empty table it is useless until
-- rebuilt; HNSW needs no training and stays good as rows arrive.
CREATE FUNCTION create_embedding_model_index(model text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
DECLARE
  dims integer;
  index_name text;
BEGIN
  SELECT dimensions INTO dims FROM embedding_models WHERE name = model;
  IF dims IS NULL THEN
    RAISE EXCEPTION 'unknown embedding model %', model;
  END IF;
  index_name := 'idx_media_embeddings_hnsw_' || regexp_replace(lower(model), '[^a-z0-9]+', '_', 'g');
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON media_embeddings USING hnsw ((embedding::vector(%s)) vector_cosine_ops) WHERE embedding_model = %L',
    index_name, dims, model);
  RETURN index_name;
END;
$$;
REVOKE ALL ON FUNCTION create_embedding_model_index(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_embedding_model_index(text) TO app_service;

SELECT create_embedding_model_index(name) FROM embedding_models;
SELECT ensure_search_history_partitions(3);

-- Down Migration
DROP FUNCTION IF EXISTS create_embedding_model_index(text);
DROP FUNCTION IF EXISTS ensure_search_history_partitions(integer);
DROP FUNCTION IF EXISTS reset_monthly_usage();
DROP VIEW IF EXISTS user_dashboard_summary;
