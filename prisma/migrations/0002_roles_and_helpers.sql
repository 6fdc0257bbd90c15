-- Up Migration
-- Roles (cluster-wide, so created only when missing). None can log in; services log in as
-- their own user and switch with SET LOCAL ROLE inside each transaction.
--   app_user    the tenant path: not superuser, no BYPASSRLS, owns nothing; sees one user's rows.
--   app_service the explicit cross-tenant path: workers, monthly reset, sign-in lookup, audit writes.
--   admin_role  the spec's admin policies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN
    CREATE ROLE app_user NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_service') THEN
    CREATE ROLE app_service NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'admin_role') THEN
    CREATE ROLE admin_role NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

-- The login that runs migrations is the login services use: let it switch into the roles
-- (a superuser, as on the embedded server, may already).
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT app_user, app_service, admin_role TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO app_user, app_service, admin_role;

-- The tenant of the current transaction, or NULL when none is set. The spec's bare
-- current_setting('app.current_user_id') throws when the setting is missing; the missing-ok
-- form returns '' (or NULL), which becomes NULL here, and `x = NULL` matches no row.
CREATE FUNCTION app_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.current_user_id', true), '')::uuid $$;

-- Every limit check goes through this: a NULL limit means unlimited.
CREATE FUNCTION within_limit(used bigint, adding bigint, lim bigint) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lim IS NULL OR used + adding <= lim $$;

CREATE FUNCTION update_updated_at_column() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$;

-- Down Migration
DROP FUNCTION IF EXISTS update_updated_at_column();
DROP FUNCTION IF EXISTS within_limit(bigint, bigint, bigint);
DROP FUNCTION IF EXISTS app_current_user_id();
