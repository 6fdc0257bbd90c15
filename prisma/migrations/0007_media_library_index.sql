-- Up Migration
-- A user's library, newest first, page by page: the keyset (uploaded_at, id) of listMediaPage.
CREATE INDEX idx_media_files_library ON media_files (user_id, uploaded_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Down Migration
DROP INDEX IF EXISTS idx_media_files_library;
