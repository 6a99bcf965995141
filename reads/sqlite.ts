// The read model in SQLite: one file under ISF_DATA_DIR, readable by its owner only, in WAL mode
// so that the worker writes while the service reads. The driver is Node's own `node:sqlite` where
// Node has it (22 and 24), else better-sqlite3 (Node 20). better-sqlite3 12 cannot be used on Node
// 24.19, whose ObjectWrap changes abort the process when a statement is collected
// (WiseLibs/better-sqlite3#1515), and better-sqlite3 13, which fixes that, needs Node 22.
/* eslint-disable @typescript-eslint/no-require-imports */
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

const UPSERT = `
  INSERT INTO isf_concerns (ref, version, region, closed, state) VALUES (@ref, @version, @region, @closed, @state)
  ON CONFLICT (ref) DO UPDATE SET version = excluded.version, region = excluded.region, closed = excluded.closed,
    state = excluded.state
  WHERE excluded.version >= isf_concerns.version`;

interface Row {
  ref: string;
  version: number;
  region: string;
  closed: number;
  state: Uint8Array;
}

/** What the store needs of a driver; both drivers have it under the same names. */
interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

/** Node's own SQLite, or undefined where Node has none (Node 20). */
function builtinSqlite(): { DatabaseSync: new (file: string) => Database } | undefined {
  // Node 22 announces the module as experimental on stderr the first time it is loaded; the
  // worker's and the service's logs are JSON lines, so that one warning is not let through.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back exactly as it was, below
  const original = process.emitWarning;
  const emit = original.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!text.startsWith('SQLite is an experimental feature')) emit(warning, ...rest);
  };
  try {
    return process.getBuiltinModule?.('node:sqlite') as { DatabaseSync: new (file: string) => Database } | undefined;
  } finally {
    process.emitWarning = original;
  }
}

function openDatabase(file: string): Database {
  const builtin = builtinSqlite();
  if (builtin) return new builtin.DatabaseSync(file);
  const BetterSqlite = require('better-sqlite3') as new (file: string) => Database;
  return new BetterSqlite(file);
}

export function sqliteStore(file: string): ReadStore {
  // Created owner-only before SQLite opens it; its -wal and -shm files take the same mode.
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = openDatabase(file);
  // Another process may be writing: wait for it rather than fail. In WAL mode `synchronous =
  // NORMAL` syncs at checkpoints, not at every commit: a power cut may lose the last few changes,
  // never the file's consistency, and the concerns write them again at their next change (or
  // `isf read-model rebuild` does), while a decision no longer waits for a disk flush.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  const upsert = db.prepare(UPSERT);
  const refs = db.prepare('SELECT ref FROM isf_concerns');
  const remove = db.prepare('DELETE FROM isf_concerns WHERE ref = ?');
  const toRow = (r: Row): StoredRow => ({ ...r, closed: r.closed === 1 });
  return {
    kind: 'sqlite',
    upsert(row) {
      upsert.run({ ...row, closed: row.closed ? 1 : 0 });
      return Promise.resolve();
    },
    rows({ regions, closed }) {
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
    refs() {
      return Promise.resolve((refs.all() as { ref: string }[]).map((r) => r.ref));
    },
    remove(gone) {
      db.exec('BEGIN');
      try {
        for (const ref of gone) remove.run(ref);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
      return Promise.resolve();
    },
    clear() {
      db.exec('DELETE FROM isf_concerns');
      return Promise.resolve();
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
