// The read model in SQLite (better-sqlite3): one file under ISF_DATA_DIR, readable by its owner
// only, in WAL mode so that the worker writes while the service reads.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import type { ReadStore, StoredRow } from './model';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS isf_concerns (
    ref TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    region TEXT NOT NULL,
    closed INTEGER NOT NULL,
    state BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS isf_concerns_region ON isf_concerns (region, closed);
`;

interface Row {
  ref: string;
  version: number;
  region: string;
  closed: number;
  state: Buffer;
}

export function sqliteStore(file: string): ReadStore {
  // Created owner-only before SQLite opens it; its -wal and -shm files take the same mode.
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Another process may be writing: wait for it rather than fail.
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const upsert = db.prepare(`
    INSERT INTO isf_concerns (ref, version, region, closed, state) VALUES (@ref, @version, @region, @closed, @state)
    ON CONFLICT (ref) DO UPDATE SET version = excluded.version, region = excluded.region, closed = excluded.closed,
      state = excluded.state
    WHERE excluded.version >= isf_concerns.version`);
  const toRow = (r: Row): StoredRow => ({ ...r, closed: r.closed === 1 });
  return {
    kind: 'sqlite',
    async upsert(row) {
      upsert.run({ ...row, closed: row.closed ? 1 : 0 });
      return Promise.resolve();
    },
    async rows({ regions, closed }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (regions) {
        where.push(`region IN (${regions.map(() => '?').join(', ') || 'NULL'})`);
        params.push(...regions);
      }
      if (!closed) where.push('closed = 0');
      const sql = `SELECT ref, version, region, closed, state FROM isf_concerns${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      return Promise.resolve((db.prepare(sql).all(...params) as Row[]).map(toRow));
    },
    async refs() {
      return Promise.resolve((db.prepare('SELECT ref FROM isf_concerns').all() as { ref: string }[]).map((r) => r.ref));
    },
    async remove(refs) {
      const remove = db.prepare('DELETE FROM isf_concerns WHERE ref = ?');
      db.transaction(() => {
        for (const ref of refs) remove.run(ref);
      })();
      return Promise.resolve();
    },
    async clear() {
      db.exec('DELETE FROM isf_concerns');
      return Promise.resolve();
    },
    async close() {
      db.close();
      return Promise.resolve();
    },
  };
}
