-- Up Migration

-- Cost events arrive at least once: the event id makes recording one idempotent.
ALTER TABLE cost_tracking ADD COLUMN source_event_id UUID;
CREATE UNIQUE INDEX idx_cost_tracking_source_event ON cost_tracking (source_event_id);
-- A user's spending in their current billing period (cap checks, alerts, the dashboard).
CREATE INDEX idx_cost_tracking_user_incurred ON cost_tracking (user_id, incurred_at);

-- Stripe's time (event.created) of the subscription state last applied to the user: an older
-- event arriving late is recognised and ignored.
ALTER TABLE users ADD COLUMN subscription_synced_at TIMESTAMP WITH TIME ZONE;

-- Every Stripe event billing has processed, by Stripe's id: a redelivered event changes nothing.
-- Cross-tenant by nature: only the service path touches it.
CREATE TABLE stripe_webhook_events (
    event_id VARCHAR(255) PRIMARY KEY,
    event_type VARCHAR(100) NOT NULL,
    stripe_created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome VARCHAR(20) NOT NULL CHECK (outcome IN ('processed', 'ignored', 'stale')),
    user_id UUID REFERENCES users(id) ON DELETE SET NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
ALTER TABLE stripe_webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE stripe_webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY service_stripe_webhook_events_policy ON stripe_webhook_events
    FOR ALL TO app_service USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON stripe_webhook_events TO app_service;

-- One cost alert per user and billing period: the primary key is the guard.
CREATE TABLE billing_cost_alerts (
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    spent_usd DECIMAL(10,4) NOT NULL,
    cap_usd DECIMAL(10,2) NOT NULL,
    alerted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (user_id, period_start)
);
ALTER TABLE billing_cost_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_cost_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_cost_alerts_user_policy ON billing_cost_alerts
    FOR SELECT USING (user_id = app_current_user_id());
CREATE POLICY service_billing_cost_alerts_policy ON billing_cost_alerts
    FOR ALL TO app_service USING (true) WITH CHECK (true);
GRANT SELECT ON billing_cost_alerts TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_cost_alerts TO app_service;

-- Audit records arrive at least once too.
ALTER TABLE audit_logs ADD COLUMN source_event_id UUID;
CREATE UNIQUE INDEX idx_audit_logs_source_event ON audit_logs (source_event_id);

-- Amounts to the 1e-8 dollar: the spec's DECIMAL(10,4) rounds a query embedding (about $2e-7) and
-- most single chat calls to $0.0000, so a month of them would add up to nothing.
DROP VIEW user_dashboard_summary;
ALTER TABLE cost_tracking ALTER COLUMN amount TYPE DECIMAL(14,8);
ALTER TABLE processing_jobs ALTER COLUMN estimated_cost TYPE DECIMAL(14,8);
ALTER TABLE processing_jobs ALTER COLUMN actual_cost TYPE DECIMAL(14,8);

-- The dashboard's cost is the user's current billing period (the one the monthly reset, the
-- cap and the alert use), not the calendar month: the two differ for every user who did not
-- sign up on the 1st.
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
      AND ct.incurred_at >= u.billing_period_start
      AND ct.incurred_at < u.billing_period_end
) costs ON true
WHERE u.deleted_at IS NULL;
GRANT SELECT ON user_dashboard_summary TO app_user, app_service, admin_role;

-- Down Migration
DROP VIEW user_dashboard_summary;
ALTER TABLE processing_jobs ALTER COLUMN actual_cost TYPE DECIMAL(10,4);
ALTER TABLE processing_jobs ALTER COLUMN estimated_cost TYPE DECIMAL(10,4);
ALTER TABLE cost_tracking ALTER COLUMN amount TYPE DECIMAL(10,4);
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
DROP TABLE IF EXISTS billing_cost_alerts;
DROP TABLE IF EXISTS stripe_webhook_events;
DROP INDEX IF EXISTS idx_audit_logs_source_event;
ALTER TABLE audit_logs DROP COLUMN IF EXISTS source_event_id;
ALTER TABLE users DROP COLUMN IF EXISTS subscription_synced_at;
DROP INDEX IF EXISTS idx_cost_tracking_user_incurred;
DROP INDEX IF EXISTS idx_cost_tracking_source_event;
ALTER TABLE cost_tracking DROP COLUMN IF EXISTS source_event_id;
