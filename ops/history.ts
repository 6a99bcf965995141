// A concern's runs, following continue-as-new: what the replay tests and the recorder read.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { concernWorkflowId } from '../workflows/names';

export interface Run {
  runId: string;
  continued: boolean;
  events: number;
  history: temporal.api.history.v1.IHistory;
}

/** Every run of a concern's workflow from `firstRunId` (else the first run), following continue-as-new. */
export async function runsOf(client: Client, ref: string, firstRunId?: string): Promise<Run[]> {
  const chain: Run[] = [];
  let runId: string | undefined =
    firstRunId ??
    (await client.workflow.getHandle(concernWorkflowId(ref)).describe()).raw.workflowExecutionInfo?.firstRunId ??
    undefined;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow
      .getHandle(concernWorkflowId(ref), runId)
      .fetchHistory();
    const events = history.events ?? [];
    const next: string | undefined =
      events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    chain.push({ runId, continued: next !== undefined, events: events.length, history });
    runId = next;
  }
  return chain;
}
