-- Up Migration
-- The tables of spec/database-schema.md. Deliberate differences, each tested:
--   usage_limits   monthly and storage limits are NULL for "unlimited" (the spec's -1 broke
--                  positive_limits); every check goes through within_limit().
--   media_embeddings  `embedding` holds any dimension, recorded per row and tied to its model in
--                  embedding_models; each model gets its own partial HNSW index (see 0005).
--                  `user_id` (the owner, kept equal to the media file's by a composite key)
--                  lets RLS and the exact per-tenant scan use an index.
--   search_history partitioned by month on searched_at; the primary key includes searched_at.
--   outbox_events  events written in the same transaction as the change they announce.

CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    firebase_uid VARCHAR(255) UNIQUE NOT NULL,
    email VARCHAR(255) UNIQUE NOT NULL,
    display_name VARCHAR(255),
    avatar_url TEXT,
    subscription_tier VARCHAR(20) NOT NULL DEFAULT 'free' CHECK (subscription_tier IN ('free', 'premium', 'ultimate')),
    subscription_status VARCHAR(20) NOT NULL DEFAULT 'active' CHECK (subscription_status IN ('active', 'inactive', 'cancelled', 'suspended')),
    subscription_started_at TIMESTAMP WITH TIME ZONE,
    subscription_ends_at TIMESTAMP WITH TIME ZONE,
    stripe_customer_id VARCHAR(255) UNIQUE,
    stripe_subscription_id VARCHAR(255),
    uploads_this_month INTEGER NOT NULL DEFAULT 0,
    searches_this_month INTEGER NOT NULL DEFAULT 0,
    storage_used_bytes BIGINT NOT NULL DEFAULT 0,
    last_activity_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    billing_period_start TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    billing_period_end TIMESTAMP WITH TIME ZONE DEFAULT (NOW() + INTERVAL '1 month'),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    deleted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT valid_email CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT positive_storage CHECK (storage_used_bytes >= 0),
    CONSTRAINT positive_usage CHECK (uploads_this_month >= 0 AND searches_this_month >= 0)
);
CREATE INDEX idx_users_firebase_uid ON users(firebase_uid);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_subscription_tier ON users(subscription_tier);
CREATE INDEX idx_users_subscription_status ON users(subscription_status);
CREATE INDEX idx_users_stripe_customer_id ON users(stripe_customer_id);
CREATE INDEX idx_users_last_activity ON users(last_activity_at);
CREATE INDEX idx_users_billing_period ON users(billing_period_start, billing_period_end);

CREATE TABLE media_files (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    filename VARCHAR(255) NOT NULL,
    original_filename VARCHAR(255) NOT NULL,
    file_type VARCHAR(10) NOT NULL CHECK (file_type IN ('image', 'video')),
    mime_type VARCHAR(100) NOT NULL,
    file_size_bytes BIGINT NOT NULL,
    s3_key VARCHAR(500) NOT NULL UNIQUE,
    s3_bucket VARCHAR(100) NOT NULL,
    thumbnail_s3_key VARCHAR(500),
    status VARCHAR(20) NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'queued', 'processing', 'completed', 'failed', 'deleted')),
    processing_started_at TIMESTAMP WITH TIME ZONE,
    processing_completed_at TIMESTAMP WITH TIME ZONE,
    processing_error TEXT,
    width INTEGER,
    height INTEGER,
    duration_seconds DECIMAL(10,3),
    frame_rate DECIMAL(5,2),
    has_audio BOOLEAN DEFAULT false,
    ai_summary TEXT,
    detected_labels JSONB DEFAULT '[]'::jsonb,
    detected_faces_count INTEGER DEFAULT 0,
    detected_text TEXT[],
    transcription_text TEXT,
    sentiment VARCHAR(20) CHECK (sentiment IN ('POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED')),
    content_warnings TEXT[],
    tags TEXT[],
    custom_metadata JSONB DEFAULT '{}'::jsonb,
    is_private BOOLEAN NOT NULL DEFAULT false,
    view_count INTEGER NOT NULL DEFAULT 0,
    last_viewed_at TIMESTAMP WITH TIME ZONE,
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    deleted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT positive_file_size CHECK (file_size_bytes > 0),
    CONSTRAINT valid_dimensions CHECK (width > 0 AND height > 0),
    CONSTRAINT valid_duration CHECK (duration_seconds >= 0),
    CONSTRAINT valid_frame_rate CHECK (frame_rate > 0),
    CONSTRAINT positive_face_count CHECK (detected_faces_count >= 0),
    CONSTRAINT positive_view_count CHECK (view_count >= 0),
    -- Target of the composite keys that keep a child row's owner equal to its file's owner.
    CONSTRAINT media_files_id_user_id_key UNIQUE (id, user_id)
);
CREATE INDEX idx_media_files_user_id ON media_files(user_id);
CREATE INDEX idx_media_files_file_type ON media_files(file_type);
CREATE INDEX idx_media_files_status ON media_files(status);
CREATE INDEX idx_media_files_uploaded_at ON media_files(uploaded_at);
CREATE INDEX idx_media_files_s3_key ON media_files(s3_key);
CREATE INDEX idx_media_files_tags ON media_files USING GIN(tags);
CREATE INDEX idx_media_files_detected_labels ON media_files USING GIN(detected_labels);
CREATE INDEX idx_media_files_custom_metadata ON media_files USING GIN(custom_metadata);
CREATE INDEX idx_media_files_processing_status ON media_files(status, processing_started_at);
CREATE INDEX idx_media_files_active ON media_files(user_id, uploaded_at)
    WHERE status = 'completed' AND deleted_at IS NULL;

-- Embedding models that may coexist; exactly one is active (searched and written by default).
CREATE TABLE embedding_models (
    name VARCHAR(50) PRIMARY KEY,
    dimensions INTEGER NOT NULL CHECK (dimensions BETWEEN 1 AND 2000),
    provider VARCHAR(20) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT embedding_models_name_dimensions_key UNIQUE (name, dimensions)
);
CREATE UNIQUE INDEX idx_embedding_models_one_active ON embedding_models(is_active) WHERE is_active;
INSERT INTO embedding_models (name, dimensions, provider, is_active) VALUES
    ('local-lexical-v1', 384, 'local', true),
    ('text-embedding-3-small', 1536, 'openai', false);

CREATE TABLE media_embeddings (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    media_file_id UUID NOT NULL REFERENCES media_files(id) ON DELETE CASCADE,
    user_id UUID NOT NULL,
    embedding vector NOT NULL,
    embedding_dimensions INTEGER NOT NULL,
    source_text TEXT NOT NULL,
    embedding_model VARCHAR(50) NOT NULL DEFAULT 'text-embedding-3-small',
    embedding_version VARCHAR(10) NOT NULL DEFAULT 'v1',
    start_time_seconds DECIMAL(10,3),
    end_time_seconds DECIMAL(10,3),
    segment_type VARCHAR(20) DEFAULT 'full' CHECK (segment_type IN ('full', 'temporal', 'audio', 'visual')),
    confidence_score DECIMAL(5,4),
    source_quality VARCHAR(20) CHECK (source_quality IN ('high', 'medium', 'low')),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT valid_time_range CHECK (start_time_seconds <= end_time_seconds),
    CONSTRAINT valid_confidence CHECK (confidence_score >= 0.0 AND confidence_score <= 1.0),
    CONSTRAINT embedding_has_its_dimensions CHECK (vector_dims(embedding) = embedding_dimensions),
    CONSTRAINT media_embeddings_model_fkey FOREIGN KEY (embedding_model, embedding_dimensions)
        REFERENCES embedding_models(name, dimensions),
    CONSTRAINT media_embeddings_owner_fkey FOREIGN KEY (media_file_id, user_id)
        REFERENCES media_files(id, user_id) ON DELETE CASCADE
);
CREATE INDEX idx_media_embeddings_media_file_id ON media_embeddings(media_file_id);
CREATE INDEX idx_media_embeddings_segment_type ON media_embeddings(segment_type);
CREATE INDEX idx_media_embeddings_temporal ON media_embeddings(start_time_seconds, end_time_seconds);
-- The exact per-tenant scan reads one user's rows of one model through this.
CREATE INDEX idx_media_embeddings_owner_model ON media_embeddings(user_id, embedding_model);

CREATE TABLE processing_jobs (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    media_file_id UUID NOT NULL REFERENCES media_files(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    job_type VARCHAR(50) NOT NULL CHECK (job_type IN ('image_analysis', 'video_analysis', 'transcription', 'text_analysis', 'embedding_generation')),
    status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'retrying')),
    priority INTEGER NOT NULL DEFAULT 5,
    progress_percentage INTEGER NOT NULL DEFAULT 0 CHECK (progress_percentage >= 0 AND progress_percentage <= 100),
    estimated_completion_at TIMESTAMP WITH TIME ZONE,
    job_config JSONB DEFAULT '{}'::jsonb,
    subscription_tier VARCHAR(20) NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    retry_at TIMESTAMP WITH TIME ZONE,
    result_data JSONB,
    error_message TEXT,
    error_code VARCHAR(50),
    estimated_cost DECIMAL(10,4),
    actual_cost DECIMAL(10,4),
    cost_currency VARCHAR(3) DEFAULT 'USD',
    queued_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    started_at TIMESTAMP WITH TIME ZONE,
    completed_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT valid_priority CHECK (priority >= 1 AND priority <= 10),
    CONSTRAINT valid_attempts CHECK (attempts <= max_attempts),
    CONSTRAINT positive_cost CHECK (estimated_cost >= 0 AND actual_cost >= 0)
);
CREATE INDEX idx_processing_jobs_media_file_id ON processing_jobs(media_file_id);
CREATE INDEX idx_processing_jobs_user_id ON processing_jobs(user_id);
CREATE INDEX idx_processing_jobs_status ON processing_jobs(status);
CREATE INDEX idx_processing_jobs_job_type ON processing_jobs(job_type);
CREATE INDEX idx_processing_jobs_priority ON processing_jobs(priority, queued_at);
CREATE INDEX idx_processing_jobs_retry ON processing_jobs(retry_at) WHERE retry_at IS NOT NULL;
CREATE INDEX idx_processing_jobs_subscription_tier ON processing_jobs(subscription_tier);

CREATE TABLE search_history (
    id UUID NOT NULL DEFAULT uuid_generate_v4(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    query_text TEXT NOT NULL,
    query_embedding vector,
    embedding_model VARCHAR(50),
    filters JSONB DEFAULT '{}'::jsonb,
    sort_by VARCHAR(50),
    sort_order VARCHAR(4) CHECK (sort_order IN ('asc', 'desc')),
    limit_count INTEGER,
    offset_count INTEGER DEFAULT 0,
    results_count INTEGER NOT NULL DEFAULT 0,
    response_time_ms INTEGER,
    cache_hit BOOLEAN NOT NULL DEFAULT false,
    clicked_results UUID[],
    click_through_rate DECIMAL(5,4),
    search_session_id UUID,
    source_page VARCHAR(100),
    user_agent TEXT,
    ip_address INET,
    searched_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT positive_results CHECK (results_count >= 0),
    CONSTRAINT positive_response_time CHECK (response_time_ms >= 0),
    CONSTRAINT valid_click_rate CHECK (click_through_rate >= 0.0 AND click_through_rate <= 1.0),
    PRIMARY KEY (id, searched_at)
) PARTITION BY RANGE (searched_at);
-- Rows outside every monthly partition land here, so an insert never fails.
CREATE TABLE search_history_default PARTITION OF search_history DEFAULT;
CREATE INDEX idx_search_history_user_id ON search_history(user_id);
CREATE INDEX idx_search_history_searched_at ON search_history(searched_at);
CREATE INDEX idx_search_history_query_text ON search_history USING GIN(to_tsvector('english', query_text));
CREATE INDEX idx_search_history_session ON search_history(search_session_id);
CREATE INDEX idx_search_history_performance ON search_history(response_time_ms, cache_hit);

CREATE TABLE cost_tracking (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    service_name VARCHAR(50) NOT NULL CHECK (service_name IN ('aws_rekognition', 'aws_transcribe', 'aws_comprehend', 'aws_s3', 'openai_embeddings', 'openai_gpt')),
    operation_type VARCHAR(50) NOT NULL,
    amount DECIMAL(10,4) NOT NULL,
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    billing_unit VARCHAR(20),
    units_consumed DECIMAL(12,4),
    media_file_id UUID REFERENCES media_files(id) ON DELETE SET NULL,
    processing_job_id UUID REFERENCES processing_jobs(id) ON DELETE SET NULL,
    reference_id VARCHAR(255),
    billing_period_month INTEGER NOT NULL,
    billing_period_year INTEGER NOT NULL,
    service_metadata JSONB DEFAULT '{}'::jsonb,
    incurred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT positive_amount CHECK (amount >= 0),
    CONSTRAINT valid_month CHECK (billing_period_month >= 1 AND billing_period_month <= 12),
    CONSTRAINT valid_year CHECK (billing_period_year >= 2024),
    CONSTRAINT positive_units CHECK (units_consumed >= 0)
);
CREATE INDEX idx_cost_tracking_user_id ON cost_tracking(user_id);
CREATE INDEX idx_cost_tracking_service ON cost_tracking(service_name, operation_type);
CREATE INDEX idx_cost_tracking_billing_period ON cost_tracking(billing_period_year, billing_period_month);
CREATE INDEX idx_cost_tracking_media_file ON cost_tracking(media_file_id);
CREATE INDEX idx_cost_tracking_incurred_at ON cost_tracking(incurred_at);

CREATE TABLE usage_limits (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    tier_name VARCHAR(20) NOT NULL UNIQUE CHECK (tier_name IN ('free', 'premium', 'ultimate')),
    -- NULL means unlimited (see within_limit()).
    max_uploads_per_month INTEGER,
    max_searches_per_month INTEGER,
    max_storage_bytes BIGINT,
    max_file_size_bytes BIGINT NOT NULL,
    max_video_duration_seconds INTEGER,
    priority_level INTEGER NOT NULL DEFAULT 5,
    features_enabled TEXT[] NOT NULL DEFAULT '{}',
    ai_features_enabled TEXT[] NOT NULL DEFAULT '{}',
    max_monthly_cost DECIMAL(10,2),
    cost_alert_threshold DECIMAL(5,4) DEFAULT 0.8,
    api_rate_limit INTEGER NOT NULL DEFAULT 100,
    upload_rate_limit INTEGER NOT NULL DEFAULT 10,
    search_rate_limit INTEGER NOT NULL DEFAULT 50,
    support_level VARCHAR(20) NOT NULL DEFAULT 'community' CHECK (support_level IN ('community', 'email', 'priority')),
    effective_from TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    effective_until TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT positive_limits CHECK (
        max_uploads_per_month >= 0 AND
        max_searches_per_month >= 0 AND
        max_storage_bytes >= 0 AND
        max_file_size_bytes > 0
    ),
    CONSTRAINT valid_priority CHECK (priority_level >= 1 AND priority_level <= 10),
    CONSTRAINT valid_cost_threshold CHECK (cost_alert_threshold > 0.0 AND cost_alert_threshold <= 1.0)
);
INSERT INTO usage_limits (tier_name, max_uploads_per_month, max_searches_per_month, max_storage_bytes, max_file_size_bytes, max_video_duration_seconds, priority_level, features_enabled, ai_features_enabled, max_monthly_cost, api_rate_limit, upload_rate_limit, search_rate_limit, support_level) VALUES
('free', 10, 50, 5368709120, 104857600, 300, 5, '{"basic_upload", "basic_search"}', '{"basic_analysis"}', 5.00, 100, 5, 50, 'community'),
('premium', 100, 500, 53687091200, 524288000, 1800, 3, '{"advanced_upload", "advanced_search", "export", "sharing"}', '{"full_analysis", "celebrity_detection", "content_moderation"}', 50.00, 500, 20, 200, 'email'),
('ultimate', NULL, NULL, 536870912000, 2147483648, 7200, 1, '{"all_features"}', '{"all_ai_features", "custom_models", "api_access"}', 200.00, 1000, 50, 500, 'priority');

CREATE TABLE audit_logs (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    event_type VARCHAR(50) NOT NULL,
    event_category VARCHAR(30) NOT NULL CHECK (event_category IN ('auth', 'upload', 'search', 'billing', 'admin', 'security')),
    user_id UUID REFERENCES users(id) ON DELETE SET NULL,
    actor_type VARCHAR(20) NOT NULL DEFAULT 'user' CHECK (actor_type IN ('user', 'system', 'admin', 'service')),
    actor_identifier VARCHAR(255),
    target_type VARCHAR(50),
    target_id UUID,
    action VARCHAR(50) NOT NULL,
    description TEXT,
    ip_address INET,
    user_agent TEXT,
    session_id VARCHAR(255),
    request_id UUID,
    old_values JSONB,
    new_values JSONB,
    metadata JSONB DEFAULT '{}'::jsonb,
    risk_level VARCHAR(10) DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT audit_logs_check_target CHECK (
        (target_type IS NOT NULL AND target_id IS NOT NULL) OR
        (target_type IS NULL AND target_id IS NULL)
    )
);
CREATE INDEX idx_audit_logs_user_id ON audit_logs(user_id);
CREATE INDEX idx_audit_logs_event_type ON audit_logs(event_type);
CREATE INDEX idx_audit_logs_event_category ON audit_logs(event_category);
CREATE INDEX idx_audit_logs_occurred_at ON audit_logs(occurred_at);
CREATE INDEX idx_audit_logs_target ON audit_logs(target_type, target_id);
CREATE INDEX idx_audit_logs_actor ON audit_logs(actor_type, actor_identifier);
CREATE INDEX idx_audit_logs_risk_level ON audit_logs(risk_level);
CREATE INDEX idx_audit_logs_ip_address ON audit_logs(ip_address);

CREATE TABLE outbox_events (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    -- Publication order: commit order is unknowable, creation order is close enough and total.
    position BIGINT GENERATED ALWAYS AS IDENTITY,
    event_name VARCHAR(100) NOT NULL,
    payload JSONB NOT NULL,
    headers JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- When the relay may (re)try it: now for new events, later while claimed or after a failure.
    available_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    published_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX idx_outbox_events_pending ON outbox_events(position) WHERE published_at IS NULL;

CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_media_files_updated_at BEFORE UPDATE ON media_files
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_processing_jobs_updated_at BEFORE UPDATE ON processing_jobs
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_media_embeddings_updated_at BEFORE UPDATE ON media_embeddings
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_usage_limits_updated_at BEFORE UPDATE ON usage_limits
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- Down Migration
DROP TABLE IF EXISTS outbox_events, audit_logs, usage_limits, cost_tracking, search_history,
    processing_jobs, media_embeddings, embedding_models, media_files, users CASCADE;
