// Reads every concern a governance pack covers, open at some point in the period: which from
// visibility, their states from the read model, never a query or a replay per concern.
import type { ConcernState } from '../concern/state';
import { statesOf, type ReadSources } from '../reads/states';

export async function loadConcerns(
  sources: ReadSources,
  {
    regions,
    from,
    to,
  }: { /** Only these regions; all when absent. */ regions?: readonly string[]; from: string; to: string },
): Promise<ConcernState[]> {
  const states = await statesOf(sources, {
    closed: true,
    openedBy: to,
    openSince: from,
    ...(regions ? { regions } : {}),
  });
  return states.sort((a, b) => a.ref.localeCompare(b.ref));
}
