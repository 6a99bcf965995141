// The states of the concerns a filter finds. Which concerns: Temporal's visibility decides (a
// running or completed concern-<ref> workflow whose search attributes match), so a concern that was
// terminated, or a read model that outlived its namespace, shows nothing that is not there. Their
// states: the read model's, one read of the database. A concern the read model does not hold yet
// (started before it existed, or recorded while it was down) is read from its workflow, the state
// query while it runs or its result once closed, and recorded for next time.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { ConcernState } from '../concern/state';
import { inParallel, type Progress } from '../ops/parallel';
import { stateQuery } from '../workflows/messages';
import { ownsRef } from '../workflows/names';
import { IsfRef } from '../workflows/search-attributes';
import type { ReadModel } from './model';
import { concernsQuery, type ConcernFilter } from './queries';

export interface FoundConcern {
  id: string;
  /** The ref its search attributes give (checked against the workflow id by whoever uses it). */
  ref: string | undefined;
  running: boolean;
}

/** Where the reads come from: Temporal for which concerns exist, the read model for their states. */
export interface ReadSources {
  client: Client;
  readModel: ReadModel;
}

/** The concerns a filter finds, from visibility alone. */
export async function findConcerns(client: Client, filter: ConcernFilter = {}): Promise<FoundConcern[]> {
  const found: FoundConcern[] = [];
  for await (const w of client.workflow.list({ query: concernsQuery(filter) }))
    found.push({ id: w.workflowId, ref: w.typedSearchAttributes.get(IsfRef), running: w.status.name === 'RUNNING' });
  return found;
}

/** A concern's state: queried while it runs, its result once closed. */
export function currentState(handle: WorkflowHandle, running: boolean): Promise<ConcernState> {
  return running ? handle.query(stateQuery) : (handle.result() as Promise<ConcernState>);
}

/** The states of what a filter finds (in no particular order); one that cannot be read is left out. */
export async function statesOf(
  { client, readModel }: ReadSources,
  filter: ConcernFilter = {},
  { parallel = 8, progress }: { parallel?: number; progress?: Progress } = {},
): Promise<ConcernState[]> {
  const found = (await findConcerns(client, filter)).filter((f) => f.ref !== undefined && ownsRef(f.id, f.ref));
  if (found.length === 0) return [];
  const recorded = await readModel.states({
    ...(filter.regions ? { regions: filter.regions } : {}),
    ...(filter.closed ? { closed: true } : {}),
  });
  const states: ConcernState[] = [];
  const missing: FoundConcern[] = [];
  for (const f of found) {
    const state = recorded.get(f.ref!);
    if (state) states.push(state);
    else missing.push(f);
  }
  await inParallel(
    missing,
    parallel,
    async (f) => {
      const state = await recordFromWorkflow({ client, readModel }, f);
      if (state) states.push(state);
    },
    progress,
  );
  return states;
}

/**
 * Reads a concern's state from its workflow, as `isf show` does, and records it with the moment
 * just before the read as its version: a change the concern records meanwhile is newer, and is
 * never overwritten. Undefined when it cannot be read or is not its own concern's.
 */
export async function recordFromWorkflow(
  { client, readModel }: ReadSources,
  { id, running }: Pick<FoundConcern, 'id' | 'running'>,
): Promise<ConcernState | undefined> {
  const version = Date.now();
  const state = await currentState(client.workflow.getHandle(id), running).catch(() => undefined);
  if (!state || !ownsRef(id, state.ref)) return undefined;
  await readModel.record(state, version);
  return state;
}
