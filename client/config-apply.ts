// `isf config apply`: checks the configuration file, then asks every open concern to reload it.
// Workers re-read their file when it changes, so a concern reloading gets the new users, roles,
// regions and keys at once; without this command they would at the next worker start.
import type { Client } from '@temporalio/client';
import { snapshotOf } from '../config/load';
import type { Config } from '../config/schema';
import { configChangedSignal } from '../workflows/messages';
import { findConcerns } from '../reads/states';

export async function applyConfig(client: Client, config: Config): Promise<{ version: string; signalled: number }> {
  let signalled = 0;
  for (const { id } of await findConcerns(client)) {
    await client.workflow.getHandle(id).signal(configChangedSignal);
    signalled++;
  }
  return { version: snapshotOf(config).version, signalled };
}
