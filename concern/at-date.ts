// A concern as it stood on a past date, from its audit trail alone: every change of category and
// rating is an audit entry, so the trail tells the category, the rating and the registers of any
// day since the concern opened. The governance pack and `isf register --at` read it.
import { registersFor, type Category } from '../policy';
import type { AuditEntry, ConcernState } from './state';

const changes = (s: ConcernState) =>
  s.audit.filter((a): a is AuditEntry & { category: NonNullable<AuditEntry['category']> } => a.category !== undefined);

/** Open at `at`: opened by then and not yet closed. */
export function openAt(s: ConcernState, at: string): boolean {
  return s.openedAt <= at && (s.closedAt === null || s.closedAt > at);
}

export function categoryAt(s: ConcernState, at: string): Category | null {
  if (!openAt(s, at)) return null;
  return (
    changes(s)
      .filter((a) => a.at <= at)
      .at(-1)?.category.to ?? null
  );
}

export function riskAt(s: ConcernState, at: string): { likelihood: number; impact: number; score: number } | null {
  if (s.openedAt > at) return null;
  return s.audit.filter((a) => a.risk && a.at <= at).at(-1)?.risk?.to ?? null;
}

export interface StandingAt {
  category: Category;
  status: 'provisional' | 'confirmed';
  /** When that category took effect. */
  since: string;
  risk: { likelihood: number; impact: number; score: number };
  /** On the regional and national registers that day (rated at or above the threshold, or at 3 or 4). */
  onRegisters: boolean;
  /** Objectives past their date and not done by then. */
  overdueObjectives: number;
}

/** How a concern stood at the end of `at` (an ISO time), or null if it was not open then. */
export function standingAt(s: ConcernState, at: string, registerThreshold: number): StandingAt | null {
  if (!openAt(s, at)) return null;
  const upTo = changes(s).filter((a) => a.at <= at);
  const risk = riskAt(s, at);
  const change = upTo.at(-1);
  if (!change || !risk) return null;
  const category = change.category.to;
  // The start of the latest stretch at this category (a confirmation does not restart it).
  let since = change.at;
  for (let i = upTo.length - 1; i >= 0 && upTo[i].category.to === category; i--) since = upTo[i].at;
  return {
    category,
    status: change.category.status,
    since,
    risk,
    onRegisters: registersFor(risk.score, category, registerThreshold).national,
    overdueObjectives: s.objectives.filter(
      (o) => o.addedAt <= at && o.due < at && !(o.done && o.completion && o.completion.at <= at),
    ).length,
  };
}
