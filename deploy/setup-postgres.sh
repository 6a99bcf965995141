#!/bin/sh
# Creates the Temporal and visibility databases on PostgreSQL and brings their schemas up to date,
# and the ISF read model's database (its one table is made by the worker and the service).
# Idempotent: `create` fails harmlessly when the database exists, `update-schema` only moves forward.
# The same steps in compose (temporal-schema, with the admin-tools image of the server's release)
# and in the cluster test (npm run test:cluster, with the release built from source): where the
# database listens and where the release's schemas are come from the environment.
set -eu
: "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
SCHEMA_DIR=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
tool() { temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS:-postgresql}" -u "$POSTGRES_USER" -p "${DB_PORT:-5432}" "$@"; }
for db in temporal temporal_visibility isf_read_model; do
  tool --db "$db" create || true
done
tool --db temporal setup-schema -v 0.0 || true
tool --db temporal update-schema -d "$SCHEMA_DIR/temporal/versioned"
tool --db temporal_visibility setup-schema -v 0.0 || true
tool --db temporal_visibility update-schema -d "$SCHEMA_DIR/visibility/versioned"
echo 'PostgreSQL schemas ready'
