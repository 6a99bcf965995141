// The platform's floor: a workflow that does nothing, with an update that does nothing and a
// query that reads nothing. The benchmark measures it beside the concern workflow, on the same
// server, through the same client, so the ratio is what the concern itself costs.
import { condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';

export const NOOP_TASK_QUEUE = 'isf-bench-noop';
export const noopUpdate = defineUpdate<null, [unknown]>('noop');
export const noopQuery = defineQuery<null>('state');

export async function noop(): Promise<void> {
  setHandler(noopUpdate, () => null);
  setHandler(noopQuery, () => null);
  await condition(() => false);
}
