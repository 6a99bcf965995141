// A concern's current state, and the states of the concerns a filter finds: the state query while
// it runs, its result once closed (which costs no replay). A workflow whose state is not its own
// concern's (another ref under its id) is left out.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { ConcernState } from '../concern/state';
import { inParallel, type Progress } from '../ops/parallel';
import { stateQuery } from '../workflows/messages';
import { ownsRef } from '../workflows/names';
import { concernsQuery, type ConcernFilter } from './queries';

export interface FoundConcern {
  id: string;
  running: boolean;
}

/** The concerns a filter finds, from visibility alone. */
export async function findConcerns(client: Client, filter: ConcernFilter = {}): Promise<FoundConcern[]> {
  const found: FoundConcern[] = [];
  for await (const w of client.workflow.list({ query: concernsQuery(filter) }))
    found.push({ id: w.workflowId, running: w.status.name === 'RUNNING' });
  return found;
}

/** A concern's state: queried while it runs, its result once closed. */
export function currentState(handle: WorkflowHandle, running: boolean): Promise<ConcernState> {
  return running ? handle.query(stateQuery) : (handle.result() as Promise<ConcernState>);
}

/** The states of what a filter finds, a few at a time (in no particular order); one that cannot be read is left out. */
export async function statesOf(
  client: Client,
  filter: ConcernFilter = {},
  { parallel = 8, progress }: { parallel?: number; progress?: Progress } = {},
): Promise<ConcernState[]> {
  const states: ConcernState[] = [];
  await inParallel(
    await findConcerns(client, filter),
    parallel,
    async ({ id, running }) => {
      const state = await currentState(client.workflow.getHandle(id), running).catch(() => undefined);
      if (state && ownsRef(id, state.ref)) states.push(state);
    },
    progress,
  );
  return states;
}
