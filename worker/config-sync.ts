// When the worker starts with a configuration that differs from the one open concerns hold, it
// asks each of them to reload it, so that new users, roles and regions apply to every concern.
import type { Client } from '@temporalio/client';
import { configChangedSignal } from '../workflows/messages';
import { OPEN_CONCERNS } from '../workflows/names';

export async function refreshStaleConcerns(client: Client, version: string): Promise<number> {
  const query = `${OPEN_CONCERNS} AND IsfConfigVersion != '${version}'`;
  let count = 0;
  for await (const execution of client.workflow.list({ query })) {
    await client.workflow.getHandle(execution.workflowId).signal(configChangedSignal);
    count++;
  }
  return count;
}
