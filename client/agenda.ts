// What falls due, across concerns: read from visibility (the `IsfNextDeadline` search attribute
// narrows it down), then from each matching concern's state. Used by `isf due`, `isf inbox` and
// the weekly digest.
import type { Client } from '@temporalio/client';
import { inParallel } from '../ops/parallel';
import { deadlinesOf } from '../concern/clocks';
import type { ConcernState } from '../concern/state';
import type { Policy } from '../config/policy';
import { stateQuery } from '../workflows/messages';
import { CONCERN_WORKFLOW_TYPE, ownsRef } from '../workflows/names';
import { IsfNextDeadline, IsfRegion } from '../workflows/search-attributes';

export type { AgendaItem } from '../api/schemas';
import type { AgendaItem } from '../api/schemas';

/** Concerns of these regions (ids checked before they get here); none matches an empty list. */
export function regionClause(regions: readonly string[]): string {
  return `${IsfRegion.name} IN (${(regions.length ? regions : ['']).map((r) => `'${r}'`).join(', ')})`;
}

/** Visibility clauses for open concerns, of some regions or (undefined) of all. */
export function openConcernsQuery(regions?: readonly string[], ...more: string[]): string {
  const clauses = [`WorkflowType = '${CONCERN_WORKFLOW_TYPE}'`, `ExecutionStatus = 'Running'`, ...more];
  if (regions) clauses.push(regionClause(regions));
  return clauses.join(' AND ');
}

export function dueBefore(iso: string): string {
  return `${IsfNextDeadline.name} <= '${iso}'`;
}

/** The states of the concerns a visibility query finds, a few at a time (in no particular order). */
export async function statesOf(client: Client, query: string, parallel = 8): Promise<ConcernState[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query })) ids.push(w.workflowId);
  const states: ConcernState[] = [];
  await inParallel(ids, parallel, async (id) => {
    const state = await client.workflow.getHandle(id).query(stateQuery).catch(() => undefined);
    if (state && ownsRef(id, state.ref)) states.push(state);
  });
  return states;
}

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
