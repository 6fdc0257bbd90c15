-- Up Migration

-- Keyset pages of one user's audit trail, newest first (GET /v1/audit/me).
CREATE INDEX IF NOT EXISTS idx_audit_logs_user_occurred ON audit_logs (user_id, occurred_at DESC, id DESC);
-- Keyset pages of everyone's trail (the admin search) and the retention purge (oldest first).
CREATE INDEX IF NOT EXISTS idx_audit_logs_occurred_id ON audit_logs (occurred_at DESC, id DESC);
-- Both superseded by the composites above (their leading columns); fewer indexes per insert.
DROP INDEX IF EXISTS idx_audit_logs_user_id;
DROP INDEX IF EXISTS idx_audit_logs_occurred_at;

-- Down Migration
CREATE INDEX IF NOT EXISTS idx_audit_logs_user_id ON audit_logs (user_id);
CREATE INDEX IF NOT EXISTS idx_audit_logs_occurred_at ON audit_logs (occurred_at);
DROP INDEX IF EXISTS idx_audit_logs_occurred_id;
DROP INDEX IF EXISTS idx_audit_logs_user_occurred;
