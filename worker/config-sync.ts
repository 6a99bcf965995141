// When the worker starts with a configuration that differs from the one open concerns hold, it
// asks each of them to reload it, so that new users, roles and regions apply to every concern.
import type { Client } from '@temporalio/client';
import { configChangedSignal } from '../workflows/messages';
import { findConcerns } from '../reads/states';

export async function refreshStaleConcerns(client: Client, version: string): Promise<number> {
  let count = 0;
  for (const { id } of await findConcerns(client, { configVersionNot: version })) {
    await client.workflow.getHandle(id).signal(configChangedSignal);
    count++;
  }
  return count;
}
