#!/bin/sh
# Creates the Temporal and visibility databases on PostgreSQL and brings their schemas up to date.
# Idempotent: `create` fails harmlessly when the database exists, `update-schema` only moves forward.
set -eu
tool() { temporal-sql-tool --plugin postgres12 --ep postgresql -u "$POSTGRES_USER" -p 5432 "$@"; }
for db in temporal temporal_visibility; do
  tool --db "$db" create || true
done
tool --db temporal setup-schema -v 0.0 || true
tool --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
tool --db temporal_visibility setup-schema -v 0.0 || true
tool --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
echo 'PostgreSQL schemas ready'
