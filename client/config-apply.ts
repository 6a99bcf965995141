// `isf config apply`: checks the configuration file, then asks every open concern to reload it.
// Workers re-read their file when it changes, so a concern reloading gets the new users, roles,
// regions and keys at once; without this command they would at the next worker start.
import type { Client } from '@temporalio/client';
import { snapshotOf } from '../config/load';
import type { Config } from '../config/schema';
import { configChangedSignal } from '../workflows/messages';
import { openConcernsQuery } from './agenda';

export async function applyConfig(client: Client, config: Config): Promise<{ version: string; signalled: number }> {
  let signalled = 0;
  for await (const w of client.workflow.list({ query: openConcernsQuery() })) {
    await client.workflow.getHandle(w.workflowId).signal(configChangedSignal);
    signalled++;
  }
  return { version: snapshotOf(config).version, signalled };
}
