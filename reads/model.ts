// The read model: each concern's latest state, written by the concern itself (a local activity
// after every change, `recordState`) and read by the service's lists, registers, due lists, inboxes
// and governance pack (through reads/states.ts), so that none of them queries or replays a
// workflow. `isf show` still reads the workflow, which is exact the moment a decision returns.
// SQLite under ISF_DATA_DIR for `npm start`; PostgreSQL where Temporal runs on it (ISF_READ_MODEL).
import type { PayloadCodec } from '@temporalio/common';
import type { ConcernState } from '../concern/state';
import { seal, unseal } from './sealed';

/** A row as stored: what filtering needs in the clear, the state sealed. */
export interface StoredRow {
  ref: string;
  /** Milliseconds of the workflow time the state was recorded at; a newer version replaces an older one. */
  version: number;
  region: string;
  closed: boolean;
  state: Uint8Array;
}

/** What a database must do for the read model (SQLite and PostgreSQL each in a few statements). */
export interface ReadStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Inserts or replaces the row unless the stored one is newer: idempotent on (ref, version). */
  upsert(row: StoredRow): Promise<void>;
  /** Rows of these regions (all when absent), closed ones only when asked. */
  rows(filter: { regions?: readonly string[]; closed?: boolean }): Promise<StoredRow[]>;
  /** Every ref it holds. */
  refs(): Promise<string[]>;
  /** These rows go (concerns Temporal no longer has). */
  remove(refs: readonly string[]): Promise<void>;
  /** Every row goes. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The version of a state an update returned: the workflow time of its last decision (or its
 * opening), the same time the concern would record it at, so either write is the same row.
 */
export function changedAt(state: ConcernState): number {
  return Math.max(Date.parse(state.openedAt), ...state.audit.map((a) => Date.parse(a.at)));
}

export class ReadModel {
  constructor(
    readonly store: ReadStore,
    private readonly codecs: readonly PayloadCodec[],
  ) {}

  /** Records a concern's state at a version (idempotent; an older version never replaces a newer). */
  async record(state: ConcernState, version: number): Promise<void> {
    await this.store.upsert({
      ref: state.ref,
      version,
      region: state.region,
      closed: state.stage === 'closed',
      state: await seal(this.codecs, state),
    });
  }

  /**
   * The latest state of each concern in scope, by ref. A row whose state is not its own concern's
   * (another ref or region inside the seal) is left out.
   */
  async states(scope: { regions?: readonly string[]; closed?: boolean } = {}): Promise<Map<string, ConcernState>> {
    const states = new Map<string, ConcernState>();
    for (const row of await this.store.rows(scope)) {
      const state = (await unseal(this.codecs, row.state)) as ConcernState;
      if (state.ref === row.ref && state.region === row.region) states.set(row.ref, state);
    }
    return states;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
