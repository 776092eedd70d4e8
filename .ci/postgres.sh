#!/usr/bin/env bash
# Install (Debian package), start and prepare a PostgreSQL cluster for the test suite.
# Prints the URL to use as CLAIMDESK_TEST_POSTGRES_URL on its last line.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q"; then break; fi
  sleep 1
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'claimdesk') THEN
    CREATE ROLE claimdesk LOGIN PASSWORD 'claimdesk-test';
  END IF;
END $$;
-- The suite creates a throw-away database per run, so parallel runs never share tables.
ALTER ROLE claimdesk CREATEDB;
-- DROP DATABASE … WITH (FORCE) at teardown may meet an autovacuum worker (a superuser
-- backend): terminating it needs pg_signal_backend.
GRANT pg_signal_backend TO claimdesk;
SQL
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='claimdesk_test'\"" | grep -q 1; then
  su postgres -c "createdb -O claimdesk claimdesk_test"
fi
echo "postgresql+psycopg://claimdesk:claimdesk-test@127.0.0.1:5432/claimdesk_test"
