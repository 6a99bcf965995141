// The concern hands each new state to the read model (reads/model.ts): a local activity, run by
// the worker that holds the concern, idempotent on the state's version.
import { Context } from '@temporalio/activity';
import type { ConcernState } from '../concern/state';
import { ownsRef } from '../workflows/names';
import type { ReadModel } from '../reads/model';

export interface RecordStateInput {
  /** The workflow time of the change, in milliseconds: a newer version replaces an older one. */
  version: number;
  state: ConcernState;
}

export function createReadModelActivities(deps: { readModel: ReadModel }) {
  return {
    async recordState({ version, state }: RecordStateInput): Promise<void> {
      // Only a concern's own workflow (concern-<ref>) writes its row: a run started under another
      // id with a copy of its state (an attacker's, or a replay) never does.
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (workflowId === undefined || !ownsRef(workflowId, state.ref)) return;
      await deps.readModel.record(state, version);
    },
  };
}
