-- Up Migration
-- One row per (file, job type): a redelivered upload event or a reprocess finds the existing
-- jobs instead of adding more.
CREATE UNIQUE INDEX idx_processing_jobs_media_job_type ON processing_jobs (media_file_id, job_type);

-- A worker holds a job while this is in the future and extends it as it reports progress. A job
-- left `processing` past its lease (the worker was killed) is picked up again by the sweeper.
ALTER TABLE processing_jobs ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX idx_processing_jobs_lease ON processing_jobs (lease_expires_at) WHERE status = 'processing';

-- Analysis facts the spec has no column for (dominant colours, EXIF, key phrases, celebrities,
-- per-segment findings' provenance), and the capture time, which people search and sort by.
ALTER TABLE media_files ADD COLUMN analysis_details JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE media_files ADD COLUMN taken_at TIMESTAMP WITH TIME ZONE;

-- Down Migration
ALTER TABLE media_files DROP COLUMN IF EXISTS taken_at;
ALTER TABLE media_files DROP COLUMN IF EXISTS analysis_details;
DROP INDEX IF EXISTS idx_processing_jobs_lease;
ALTER TABLE processing_jobs DROP COLUMN IF EXISTS lease_expires_at;
DROP INDEX IF EXISTS idx_processing_jobs_media_job_type;
