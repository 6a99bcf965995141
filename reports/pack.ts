// The governance pack as data: what a regional quality governance meeting or the national
// scrutiny forum reads for a period. Pure: built from the concerns' states, so it can be tested
// on a seeded set and rendered however needed.
import { CATEGORIES, riskBand, type Category, type EvidenceItem, type RiskBand } from '../policy';
import { deadlinesOf } from '../concern/clocks';
import type { Policy } from '../config/settings';
import type { ConcernState } from '../concern/state';
import { categoryAt, openAt, riskAt, standingAt, type StandingAt } from '../concern/at-date';

export { categoryAt, openAt, riskAt } from '../concern/at-date';

export interface PackOptions {
  from: string;
  to: string;
  region?: string;
  policy: Policy;
}

export interface Movement {
  at: string;
  ref: string;
  region: string;
  kind: 'escalation' | 'de-escalation' | 'new' | 'closed' | 'national sign-off' | 'decommissioned';
  from: Category | null;
  to: Category | null;
  by: string;
  /** What the move rests on: the evidence given with the decision, or with the proposal it carried out. */
  evidence: readonly EvidenceItem[];
  /** Category 4 on the urgent route: the notice period waived, approved at national sign-off. */
  noticeWaived?: true;
}

export type { SharedGoodPractice } from '../api/schemas';
import type { SharedGoodPractice } from '../api/schemas';

/** Every piece of good practice recorded on these concerns (shared or not), newest first. */
export function goodPracticeShared(states: readonly ConcernState[], from = '', to = '\uffff'): SharedGoodPractice[] {
  return states
    .flatMap((s) =>
      (s.goodPractice ?? [])
        .filter((g) => g.at >= from && g.at <= to)
        .map((g) => ({
          at: g.at,
          ref: s.ref,
          region: s.region,
          provider: s.provider,
          site: s.site,
          category: categoryAt(s, g.at) ?? s.category,
          summary: g.summary,
          share: g.share,
          by: g.by,
        })),
    )
    .sort((a, b) => b.at.localeCompare(a.at) || a.ref.localeCompare(b.ref));
}

export interface RegisterEntry {
  state: ConcernState;
  /** How it stood at the end of the period. */
  standing: StandingAt;
  band: RiskBand;
  /** Nothing was decided after the period: the state's stage and next review are those of its end. */
  unchangedSince: boolean;
  reviewOverdue: boolean;
  overdueObjectives: number;
}

export interface TrendPoint {
  at: string;
  category: Category;
  score: number;
}

export interface Pack {
  options: PackOptions;
  regions: string[];
  /** region → category → count, among concerns open at that moment. */
  countsAtStart: Record<string, number[]>;
  countsAtEnd: Record<string, number[]>;
  movements: Movement[];
  /** Good practice recorded in the period. */
  goodPractice: SharedGoodPractice[];
  register: RegisterEntry[];
  /** One trend per concern at category 2 or above at the end of the period. */
  trends: { state: ConcernState; points: TrendPoint[] }[];
  /** heat[likelihood - 1][impact - 1]: open concerns in that cell at the end of the period. */
  heat: number[][];
}

/** Category and risk score at every change, from opening to the end of the period (or closing). */
export function trendOf(s: ConcernState, to: string): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const a of s.audit) {
    if (a.at > to || (!a.category && !a.risk)) continue;
    const category = categoryAt(s, a.at) ?? a.category?.to;
    const risk = riskAt(s, a.at);
    if (category !== undefined && category !== null && risk) points.push({ at: a.at, category, score: risk.score });
  }
  const end = s.closedAt && s.closedAt < to ? s.closedAt : to;
  const last = points.at(-1);
  if (last && last.at < end) points.push({ ...last, at: end });
  return points;
}

function counts(states: ConcernState[], regions: string[], at: string): Record<string, number[]> {
  const table = Object.fromEntries(regions.map((r) => [r, CATEGORIES.map(() => 0)]));
  for (const s of states) {
    const c = categoryAt(s, at);
    if (c !== null) table[s.region][c]++;
  }
  return table;
}

export function buildPack(all: readonly ConcernState[], options: PackOptions): Pack {
  const { from, to, region, policy } = options;
  const states = all.filter(
    (s) => (!region || s.region === region) && s.openedAt <= to && (s.closedAt === null || s.closedAt >= from),
  );
  const regions = [...new Set(states.map((s) => s.region))].sort();

  const movements: Movement[] = [];
  for (const s of states) {
    let proposal: readonly EvidenceItem[] = [];
    for (const a of s.audit) {
      if (a.action === 'propose' || a.action === 'decommission') proposal = a.evidence ?? [];
      if (a.at < from || a.at > to) continue;
      const evidence = a.evidence ?? (a.action === 'sign-off' ? proposal : []);
      const base = { at: a.at, ref: s.ref, region: s.region, by: a.actorName, evidence };
      if (a.action === 'open') movements.push({ ...base, kind: 'new', from: null, to: a.category?.to ?? null });
      else if (a.action === 'close') movements.push({ ...base, kind: 'closed', from: s.category, to: null });
      if (a.action === 'sign-off' && a.approved && a.decommission)
        movements.push({ ...base, kind: 'decommissioned', from: 4, to: null });
      else if (a.action === 'sign-off' && a.approved) {
        movements.push({
          ...base,
          kind: 'national sign-off',
          from: a.category?.from ?? null,
          to: a.category?.to ?? null,
          ...(a.noticeWaived ? { noticeWaived: true as const } : {}),
        });
      } else if (
        a.category &&
        a.category.from !== null &&
        a.category.from !== a.category.to &&
        a.action !== 'confirm'
      ) {
        movements.push({
          ...base,
          kind: a.category.to > a.category.from ? 'escalation' : 'de-escalation',
          from: a.category.from,
          to: a.category.to,
        });
      }
    }
  }
  movements.sort((a, b) => a.at.localeCompare(b.at) || a.ref.localeCompare(b.ref));

  const openAtEnd = states.filter((s) => openAt(s, to));
  // The registers as they stood at the end of the period (concern/at-date.ts). The stage and the
  // next review are the state's own only when nothing was decided since: else they are not known.
  const register = openAtEnd
    .flatMap((s) => {
      const standing = standingAt(s, to, policy.registerThreshold);
      if (!standing?.onRegisters) return [];
      const unchangedSince = (s.audit.at(-1)?.at ?? s.openedAt) <= to;
      return [
        {
          state: s,
          standing,
          band: riskBand(standing.risk.score, policy.riskBands),
          unchangedSince,
          reviewOverdue: unchangedSince && s.nextReviewDue !== null && s.nextReviewDue < to,
          overdueObjectives: standing.overdueObjectives,
        },
      ];
    })
    .sort(
      (a, b) =>
        b.standing.category - a.standing.category ||
        b.standing.risk.score - a.standing.risk.score ||
        a.state.ref.localeCompare(b.state.ref),
    );

  const trends = openAtEnd
    .filter((s) => (categoryAt(s, to) ?? 0) >= 2)
    .sort((a, b) => a.ref.localeCompare(b.ref))
    .map((s) => ({ state: s, points: trendOf(s, to) }));

  const heat = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const s of openAtEnd) {
    const r = riskAt(s, to);
    if (r) heat[r.likelihood - 1][r.impact - 1]++;
  }

  const goodPractice = goodPracticeShared(states, from, to);
  return {
    options,
    regions,
    countsAtStart: counts(states, regions, from),
    countsAtEnd: counts(states, regions, to),
    movements,
    goodPractice,
    register,
    trends,
    heat,
  };
}

/** Deadlines past due at the end of the period, for highlighting. */
export function overdueOf(s: ConcernState, policy: Policy, at: string): string[] {
  return deadlinesOf(s, policy)
    .filter((d) => d.due < at)
    .map((d) => d.what);
}
