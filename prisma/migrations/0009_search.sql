-- Up Migration
-- Full-text search over the same texts the vectors embed. The embedding-search service writes
-- each row's document with field weights (A: tags, labels, filename; B: summary, text read from
-- the file; C: transcript, key phrases; D: custom metadata), so ts_rank_cd prefers a word found in
-- a tag to the same word in a transcript. Per row, so a video's segments are found by their words.
ALTER TABLE media_embeddings ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX idx_media_embeddings_search_document ON media_embeddings USING GIN (search_document);
-- A file's rows of one model are replaced together (re-embedding, tag edits): find them fast.
CREATE INDEX idx_media_embeddings_file_model ON media_embeddings (media_file_id, embedding_model);

-- When the file's embeddings (of the model searches use) were written: from then on it is found.
ALTER TABLE media_files ADD COLUMN indexed_at TIMESTAMP WITH TIME ZONE;

-- Re-embedding runs (POST /v1/admin/reindex): one at a time; searches keep the serving model
-- until the run completes and switches embedding_models.is_active.
CREATE TABLE reindex_runs (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    model VARCHAR(50) NOT NULL,
    previous_model VARCHAR(50) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    total INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
    done INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
    failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
    -- Keyset position: files are re-embedded in id order, so a restarted run resumes here.
    last_media_file_id UUID,
    requested_by UUID REFERENCES users(id) ON DELETE SET NULL,
    error TEXT,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX idx_reindex_runs_one_running ON reindex_runs ((true)) WHERE status = 'running';
-- Cross-tenant by nature: only the service path touches it.
ALTER TABLE reindex_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE reindex_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY service_reindex_runs_policy ON reindex_runs FOR ALL TO app_service USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON reindex_runs TO app_service;

-- Down Migration
DROP TABLE IF EXISTS reindex_runs;
ALTER TABLE media_files DROP COLUMN IF EXISTS indexed_at;
DROP INDEX IF EXISTS idx_media_embeddings_file_model;
DROP INDEX IF EXISTS idx_media_embeddings_search_document;
ALTER TABLE media_embeddings DROP COLUMN IF EXISTS search_document;
