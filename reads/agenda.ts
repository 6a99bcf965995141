// What falls due across concerns: every deadline of their states up to a date, soonest first.
// Used by `isf due`, `isf inbox`, the service and the weekly digest.
import { deadlinesOf } from '../concern/clocks';
import type { ConcernState } from '../concern/state';
import type { Policy } from '../config/settings';
import type { AgendaItem } from '../api/schemas';

export type { AgendaItem };

/** Every deadline of these concerns up to `until`, soonest first; those already past are overdue. */
export function agendaOf(states: readonly ConcernState[], policy: Policy, now: string, until: string): AgendaItem[] {
  return states
    .flatMap((s) =>
      deadlinesOf(s, policy)
        .filter((d) => d.due <= until)
        .map((d) => ({
          ref: s.ref,
          region: s.region,
          provider: s.provider,
          site: s.site,
          category: s.category,
          kind: d.kind,
          what: d.what,
          due: d.due,
          overdue: d.due <= now,
        })),
    )
    .sort((a, b) => a.due.localeCompare(b.due) || a.ref.localeCompare(b.ref));
}
