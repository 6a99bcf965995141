// The read model in PostgreSQL (node-postgres): a database of its own beside Temporal's, for the
// deployments where Temporal runs on PostgreSQL (docker-compose.yml, the cluster test).
import { Pool } from 'pg';
import type { ReadStore, StoredRow } from './model';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS isf_concerns (
    ref TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    region TEXT NOT NULL,
    closed BOOLEAN NOT NULL,
    state BYTEA NOT NULL
  );
  CREATE INDEX IF NOT EXISTS isf_concerns_region ON isf_concerns (region, closed);
`;

interface Row {
  ref: string;
  version: string;
  region: string;
  closed: boolean;
  state: Buffer;
}

export async function postgresStore(url: string): Promise<ReadStore> {
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle connection that PostgreSQL drops (a restart, a failover) is reported here and discarded
  // by the pool, which connects afresh for the next query; unhandled, the event would end the
  // process. A query that fails reports its own error to its caller.
  pool.on('error', () => undefined);
  await pool.query(SCHEMA);
  return {
    kind: 'postgres',
    async upsert(row) {
      await pool.query(
        `INSERT INTO isf_concerns (ref, version, region, closed, state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (ref) DO UPDATE SET version = excluded.version, region = excluded.region,
           closed = excluded.closed, state = excluded.state
         WHERE excluded.version >= isf_concerns.version`,
        [row.ref, row.version, row.region, row.closed, row.state],
      );
    },
    async rows({ regions, closed }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (regions) {
        params.push([...regions]);
        where.push(`region = ANY($${params.length})`);
      }
      if (!closed) where.push('NOT closed');
      const { rows } = await pool.query<Row>(
        `SELECT ref, version, region, closed, state FROM isf_concerns${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
        params,
      );
      return rows.map((r): StoredRow => ({ ...r, version: Number(r.version) }));
    },
    async refs() {
      const { rows } = await pool.query<{ ref: string }>('SELECT ref FROM isf_concerns');
      return rows.map((r) => r.ref);
    },
    async remove(refs) {
      if (refs.length) await pool.query('DELETE FROM isf_concerns WHERE ref = ANY($1)', [[...refs]]);
    },
    async clear() {
      await pool.query('DELETE FROM isf_concerns');
    },
    close: () => pool.end(),
  };
}
