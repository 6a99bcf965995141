// `isf health`: is everything a concern needs in place?
import type { Client, Connection } from '@temporalio/client';
import { missingSearchAttributes } from '../ops/namespace';
import { TASK_QUEUE } from '../workflows/names';

export type { HealthCheck } from '../api/schemas';
import type { HealthCheck } from '../api/schemas';

const TASK_QUEUE_TYPE = { workflow: 1, activity: 2 } as const;

export async function checkHealth(client: Client, connection: Connection, address: string): Promise<HealthCheck[]> {
  const namespace = client.options.namespace;
  const checks: HealthCheck[] = [];
  try {
    const info = await client.workflowService.getSystemInfo({});
    await client.workflowService.describeNamespace({ namespace });
    checks.push({
      name: 'server',
      ok: true,
      detail: `Temporal ${info.serverVersion || ''} at ${address}, namespace ${namespace}`.replace('  ', ' '),
    });
  } catch (err) {
    checks.push({
      name: 'server',
      ok: false,
      detail: `no answer from ${address} (namespace ${namespace}): ${(err as Error).message.split('\n')[0]}`,
    });
    return checks;
  }
  const missing = await missingSearchAttributes(connection, namespace);
  checks.push({
    name: 'search-attributes',
    ok: missing.length === 0,
    detail: missing.length === 0 ? 'all registered' : `missing: ${missing.join(', ')} (npm start registers them)`,
  });
  const pollers = async (taskQueueType: number) =>
    (await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: TASK_QUEUE }, taskQueueType }))
      .pollers ?? [];
  const [workflowPollers, activityPollers] = await Promise.all([
    pollers(TASK_QUEUE_TYPE.workflow),
    pollers(TASK_QUEUE_TYPE.activity),
  ]);
  const ok = workflowPollers.length > 0 && activityPollers.length > 0;
  checks.push({
    name: 'worker',
    ok,
    detail: ok
      ? `${new Set(workflowPollers.map((p) => p.identity)).size} worker(s) polling ${TASK_QUEUE}`
      : `no worker polling ${TASK_QUEUE} (start one with npm start)`,
  });
  return checks;
}
