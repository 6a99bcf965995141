// Reads every concern a governance pack covers: from visibility, those open at some point in the
// period; then each one's state, in parallel and within a limit. A closed concern's state is its
// workflow result, which costs no replay.
import type { Client } from '@temporalio/client';
import type { ConcernState } from '../concern/state';
import { stateQuery } from '../workflows/messages';
import { CONCERN_WORKFLOW_TYPE, ownsRef } from '../workflows/names';
import { regionClause } from '../client/agenda';
import { inParallel, type Progress } from '../ops/parallel';

export async function loadConcerns(
  client: Client,
  { regions, from, to }: { /** Only these regions; all when absent. */ regions?: readonly string[]; from: string; to: string },
  progress: Progress = () => undefined,
  parallel = 32,
): Promise<ConcernState[]> {
  const clauses = [
    `WorkflowType = '${CONCERN_WORKFLOW_TYPE}'`,
    `ExecutionStatus IN ('Running', 'Completed')`,
    `StartTime <= '${to}'`,
    `(ExecutionStatus = 'Running' OR CloseTime >= '${from}')`,
  ];
  if (regions) clauses.push(regionClause(regions));
  const found: { id: string; running: boolean }[] = [];
  for await (const w of client.workflow.list({ query: clauses.join(' AND ') })) found.push({ id: w.workflowId, running: w.status.name === 'RUNNING' });

  const states: ConcernState[] = [];
  const read = async ({ id, running }: { id: string; running: boolean }) => {
    const handle = client.workflow.getHandle(id);
    const state = await (running ? handle.query(stateQuery) : (handle.result() as Promise<ConcernState>)).catch(() => undefined);
    if (state && ownsRef(id, state.ref)) states.push(state);
  };
  await inParallel(found, parallel, read, progress);
  return states.sort((a, b) => a.ref.localeCompare(b.ref));
}
