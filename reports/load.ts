// Reads every concern a governance pack covers, open at some point in the period, from the read
// model: one read of the database, never a query or a replay per concern.
import type { ConcernState } from '../concern/state';
import type { Policy } from '../config/settings';
import type { ReadModel } from '../reads/model';

export async function loadConcerns(
  model: ReadModel,
  policy: Policy,
  {
    regions,
    from,
    to,
  }: { /** Only these regions; all when absent. */ regions?: readonly string[]; from: string; to: string },
): Promise<ConcernState[]> {
  return model.states({ closed: true, openedBy: to, openSince: from, ...(regions ? { regions } : {}) }, policy);
}
