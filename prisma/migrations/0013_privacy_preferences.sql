-- Up Migration

-- The user's choice to keep the text of their searches (search history, audit trail). Off: a
-- search is still counted and audited, without what was typed.
ALTER TABLE users ADD COLUMN store_search_queries BOOLEAN NOT NULL DEFAULT TRUE;

-- Down Migration
ALTER TABLE users DROP COLUMN IF EXISTS store_search_queries;
