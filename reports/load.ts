// Reads every concern a governance pack covers: from visibility, those open at some point in the
// period; then each one's state, in parallel and within a limit. A closed concern's state is its
// workflow result, which costs no replay.
import type { Client } from '@temporalio/client';
import type { ConcernState } from '../concern/state';
import type { Progress } from '../ops/parallel';
import { statesOf } from '../reads/states';

export async function loadConcerns(
  client: Client,
  {
    regions,
    from,
    to,
  }: { /** Only these regions; all when absent. */ regions?: readonly string[]; from: string; to: string },
  progress: Progress = () => undefined,
  parallel = 32,
): Promise<ConcernState[]> {
  const states = await statesOf(
    client,
    { closed: true, openedBy: to, openSince: from, ...(regions ? { regions } : {}) },
    { parallel, progress },
  );
  return states.sort((a, b) => a.ref.localeCompare(b.ref));
}
