-- Up Migration
-- Row Level Security on every table the spec lists, enabled AND forced (so even the tables'
-- owner is filtered unless it is a superuser; services never query as the owner anyway: they
-- SET LOCAL ROLE app_user or app_service inside each transaction).
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE processing_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE cost_tracking ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE media_files FORCE ROW LEVEL SECURITY;
ALTER TABLE media_embeddings FORCE ROW LEVEL SECURITY;
ALTER TABLE processing_jobs FORCE ROW LEVEL SECURITY;
ALTER TABLE search_history FORCE ROW LEVEL SECURITY;
ALTER TABLE cost_tracking FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;

-- Tenant isolation (the spec's policies, with the missing-ok user id: unset sees nothing).
CREATE POLICY users_isolation_policy ON users
    FOR ALL USING (id = app_current_user_id());
CREATE POLICY media_files_user_policy ON media_files
    FOR ALL USING (user_id = app_current_user_id());
-- The spec's subquery on media_files, expressed on the owner column the composite key keeps
-- equal to the file's owner: same rows, and the planner can use the owner index.
CREATE POLICY media_embeddings_user_policy ON media_embeddings
    FOR ALL USING (user_id = app_current_user_id());
CREATE POLICY processing_jobs_user_policy ON processing_jobs
    FOR ALL USING (user_id = app_current_user_id());
CREATE POLICY search_history_user_policy ON search_history
    FOR ALL USING (user_id = app_current_user_id());
CREATE POLICY cost_tracking_user_policy ON cost_tracking
    FOR ALL USING (user_id = app_current_user_id());
CREATE POLICY audit_logs_user_policy ON audit_logs
    FOR SELECT USING (user_id = app_current_user_id());

-- The spec's admin policies.
CREATE POLICY admin_access_policy ON users FOR ALL TO admin_role USING (true);
CREATE POLICY admin_media_policy ON media_files FOR ALL TO admin_role USING (true);
CREATE POLICY admin_audit_policy ON audit_logs FOR ALL TO admin_role USING (true);

-- The explicit cross-tenant service path.
CREATE POLICY service_users_policy ON users FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_media_files_policy ON media_files FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_media_embeddings_policy ON media_embeddings FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_processing_jobs_policy ON processing_jobs FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_search_history_policy ON search_history FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_cost_tracking_policy ON cost_tracking FOR ALL TO app_service USING (true) WITH CHECK (true);
CREATE POLICY service_audit_logs_policy ON audit_logs FOR ALL TO app_service USING (true) WITH CHECK (true);

-- Privileges. app_user: its own rows of the tenant tables; reference data read-only; events
-- insert-only. Audit rows are written on the service path only.
GRANT SELECT, INSERT, UPDATE, DELETE ON users, media_files, media_embeddings, processing_jobs,
    search_history, cost_tracking TO app_user;
GRANT SELECT ON audit_logs, usage_limits, embedding_models TO app_user;
GRANT INSERT ON outbox_events TO app_user;

GRANT SELECT, INSERT, UPDATE, DELETE ON users, media_files, media_embeddings, processing_jobs,
    search_history, cost_tracking, audit_logs, usage_limits, embedding_models, outbox_events TO app_service;

GRANT SELECT, INSERT, UPDATE, DELETE ON users, media_files, audit_logs TO admin_role;
GRANT SELECT ON usage_limits TO admin_role;

-- Down Migration
REVOKE ALL ON users, media_files, media_embeddings, processing_jobs, search_history, cost_tracking,
    audit_logs, usage_limits, embedding_models, outbox_events FROM app_user, app_service, admin_role;
