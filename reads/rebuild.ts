// `isf read-model rebuild`: the read model made again from the workflows themselves, for a new
// deployment of it, after a restore, or when it is in doubt. Each concern is read and recorded as
// a list records one the read model lacks (reads/states.ts, recordFromWorkflow); rows of concerns
// Temporal no longer has are removed last, so the read model is never empty while it is rebuilt.
import type { Client } from '@temporalio/client';
import { inParallel, type Progress } from '../ops/parallel';
import type { ReadModel } from './model';
import { findConcerns, recordFromWorkflow } from './states';

export interface Rebuilt {
  concerns: number;
  open: number;
  closed: number;
  /** Rows of concerns Temporal does not have (any more). */
  removed: string[];
  /** Workflows whose state could not be read (named by workflow id). */
  unreadable: string[];
}

export async function rebuildReadModel(
  client: Client,
  model: ReadModel,
  progress: Progress = () => undefined,
  parallel = 8,
): Promise<Rebuilt> {
  const found = await findConcerns(client, { closed: true });
  const seen = new Set<string>();
  const rebuilt: Rebuilt = { concerns: 0, open: 0, closed: 0, removed: [], unreadable: [] };
  await inParallel(
    found,
    parallel,
    async (found) => {
      const state = await recordFromWorkflow({ client, readModel: model }, found);
      if (!state) {
        rebuilt.unreadable.push(found.id);
        return;
      }
      seen.add(state.ref);
      rebuilt.concerns++;
      if (state.stage === 'closed') rebuilt.closed++;
      else rebuilt.open++;
    },
    progress,
  );
  rebuilt.removed = (await model.store.refs()).filter((ref) => !seen.has(ref)).sort();
  await model.store.remove(rebuilt.removed);
  rebuilt.unreadable.sort();
  return rebuilt;
}
