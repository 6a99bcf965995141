// Listings and registers, from the concerns' states (reads/states.ts: which from visibility, the
// states from the read model): a list or a register of thousands of concerns costs one listing and
// one read of the database, not a query or a replay each.
import type { ConcernListing, RegisterRow } from '../api/schemas';
import { standingAt } from '../concern/at-date';
import type { ConcernState } from '../concern/state';
import type { Policy } from '../config/settings';
import { riskBand } from '../policy';
import type { ConcernFilter } from './queries';
import { statesOf, type ReadSources } from './states';

const DAY_MS = 86_400_000;

const recoveryOf = (s: ConcernState) => ({
  leadAgency: s.recovery?.leadAgency ?? null,
  owner: s.recovery?.owner ?? null,
});

/** A concern's line in `isf list`. */
export function listingOf(s: ConcernState): ConcernListing {
  return {
    ref: s.ref,
    title: s.title,
    site: s.site,
    region: s.region,
    provider: s.provider,
    category: s.category,
    riskScore: s.risk.score,
    stage: s.stage,
    nationalRegister: s.registers.national,
    openedAt: s.openedAt,
    closed: s.stage === 'closed',
    ...recoveryOf(s),
  };
}

/** The concerns a filter finds, a line each, gravest first. */
export async function listConcerns(sources: ReadSources, filter: ConcernFilter = {}): Promise<ConcernListing[]> {
  return (await statesOf(sources, filter))
    .map(listingOf)
    .sort((a, b) => b.category - a.category || b.riskScore - a.riskScore || a.ref.localeCompare(b.ref));
}

const byRegister = (a: RegisterRow, b: RegisterRow) =>
  a.region.localeCompare(b.region) ||
  b.category - a.category ||
  b.riskScore - a.riskScore ||
  a.ref.localeCompare(b.ref);

/** A concern's row on the registers now. */
export function registerRowOf(s: ConcernState, policy: Policy, now: Date): RegisterRow {
  const since = s.categorySince ? new Date(s.categorySince) : null;
  const iso = now.toISOString();
  return {
    ref: s.ref,
    provider: s.provider,
    site: s.site,
    region: s.region,
    category: s.category,
    categoryStatus: s.categoryStatus,
    riskScore: s.risk.score,
    riskBand: riskBand(s.risk.score, policy.riskBands),
    stage: s.stage,
    categorySince: s.categorySince,
    daysSinceCategory: since ? Math.floor((now.getTime() - since.getTime()) / DAY_MS) : null,
    nextReviewDue: s.nextReviewDue,
    reviewOverdue: s.nextReviewDue !== null && s.nextReviewDue < iso,
    overdueObjectives: s.objectives.filter((o) => !o.done && o.due <= iso).length,
    ...recoveryOf(s),
  };
}

/**
 * Both registers hold the same concerns (rated at or above the threshold, or at category 3 or 4);
 * the regional one is read a region at a time, the national one across regions.
 */
export async function registerRows(
  sources: ReadSources,
  regions: readonly string[] | undefined,
  policy: Policy,
  now: Date,
): Promise<RegisterRow[]> {
  const states = await statesOf(sources, { ...(regions ? { regions } : {}), nationalRegister: true });
  return states.map((s) => registerRowOf(s, policy, now)).sort(byRegister);
}

/**
 * The registers as they stood at the end of a past moment, from each concern's audit trail
 * (concern/at-date.ts): the category, its status and since when, the rating and the overdue
 * objectives of that day. The stage and the review columns are today's only, so they are left
 * empty; the lead agency and owner are the recovery's as recorded now.
 */
export function registerAt(states: readonly ConcernState[], policy: Policy, at: string): RegisterRow[] {
  const rows: RegisterRow[] = [];
  for (const s of states) {
    const then = standingAt(s, at, policy.registerThreshold);
    if (!then?.onRegisters) continue;
    rows.push({
      ref: s.ref,
      provider: s.provider,
      site: s.site,
      region: s.region,
      category: then.category,
      categoryStatus: then.status,
      riskScore: then.risk.score,
      riskBand: riskBand(then.risk.score, policy.riskBands),
      stage: '',
      categorySince: then.since,
      daysSinceCategory: Math.floor((Date.parse(at) - Date.parse(then.since)) / DAY_MS),
      nextReviewDue: null,
      reviewOverdue: false,
      overdueObjectives: then.overdueObjectives,
      ...recoveryOf(s),
    });
  }
  return rows.sort(byRegister);
}

/** The registers at a past moment, for these regions: every concern open then, closed since or not. */
export async function registerRowsAt(
  sources: ReadSources,
  regions: readonly string[] | undefined,
  policy: Policy,
  at: string,
): Promise<RegisterRow[]> {
  const states = await statesOf(sources, {
    ...(regions ? { regions } : {}),
    closed: true,
    openedBy: at,
    openSince: at,
  });
  return registerAt(states, policy, at);
}
