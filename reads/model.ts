// The read model: each concern's latest state, written by the concern itself (a local activity
// after every change, `recordState`) and read by the service's lists, registers, due lists, inboxes
// and governance pack, so that none of them queries or replays a workflow. `isf show` still reads
// the workflow, which is exact the moment a decision returns. SQLite under ISF_DATA_DIR for
// `npm start`; PostgreSQL where Temporal runs on it (ISF_READ_MODEL).
import type { PayloadCodec } from '@temporalio/common';
import type { ConcernState } from '../concern/state';
import type { Policy } from '../config/settings';
import { nextDeadline } from '../concern/clocks';
import type { ConcernFilter } from './queries';
import { seal, unseal } from './sealed';

/** A row as stored: what filtering needs in the clear, the state sealed. */
export interface StoredRow {
  ref: string;
  /** Milliseconds of the workflow time the state was recorded at; a newer version replaces an older one. */
  version: number;
  region: string;
  closed: boolean;
  state: Buffer;
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
   * The latest states the filter finds, as the visibility query of the same filter would find the
   * concerns (reads/queries.ts): the same fields, computed from the state as the workflow computes
   * its search attributes. A row whose state is not its own concern's is left out.
   */
  async states(filter: ConcernFilter, policy: Policy): Promise<ConcernState[]> {
    const rows = await this.store.rows({
      ...(filter.regions ? { regions: filter.regions } : {}),
      ...(filter.closed ? { closed: true } : {}),
    });
    const states: ConcernState[] = [];
    for (const row of rows) {
      const state = (await unseal(this.codecs, row.state)) as ConcernState;
      if (state.ref !== row.ref || state.region !== row.region) continue;
      if (matches(state, filter, policy)) states.push(state);
    }
    return states.sort((a, b) => a.ref.localeCompare(b.ref));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** The visibility query's filter (reads/queries.ts), applied to a state. */
export function matches(state: ConcernState, filter: ConcernFilter, policy: Policy): boolean {
  const closed = state.stage === 'closed';
  if (closed && !filter.closed) return false;
  if (filter.regions && !filter.regions.includes(state.region)) return false;
  if (filter.stage !== undefined && state.stage !== filter.stage) return false;
  if (filter.category !== undefined && state.category !== filter.category) return false;
  if (filter.minCategory !== undefined && state.category < filter.minCategory) return false;
  if (filter.nationalRegister && !state.registers.national) return false;
  if (filter.dueBefore !== undefined) {
    const due = nextDeadline(state, policy);
    if (due === null || due > filter.dueBefore) return false;
  }
  if (
    filter.reviewDueBefore !== undefined &&
    !(state.nextReviewDue !== null && state.nextReviewDue < filter.reviewDueBefore)
  )
    return false;
  if (filter.openedBy !== undefined && state.openedAt > filter.openedBy) return false;
  if (filter.openSince !== undefined && closed && (state.closedAt === null || state.closedAt < filter.openSince))
    return false;
  return true;
}
