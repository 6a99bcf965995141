// Listings from Temporal visibility alone (search attributes, and the memo for title and site): a
// list or a register of thousands of concerns costs one listing, not a query each.
import type { Client } from '@temporalio/client';
import type { ConcernListing, RegisterRow } from '../api/schemas';
import type { Stage } from '../concern/state';
import type { Policy } from '../config/settings';
import { riskBand } from '../policy';
import type { ConcernMemo } from '../workflows/details';
import { ownsRef } from '../workflows/names';
import {
  IsfCategory,
  IsfCategorySince,
  IsfCategoryStatus,
  IsfNationalRegister,
  IsfNextReviewDue,
  IsfOverdueObjectives,
  IsfProvider,
  IsfRef,
  IsfRegion,
  IsfRiskScore,
  IsfStage,
} from '../workflows/search-attributes';
import { concernsQuery, type ConcernFilter } from './queries';

/** The concerns a filter finds, a line each, gravest first. */
export async function listConcerns(client: Client, filter: ConcernFilter = {}): Promise<ConcernListing[]> {
  const rows: ConcernListing[] = [];
  for await (const w of client.workflow.list({ query: concernsQuery(filter) })) {
    const sa = w.typedSearchAttributes;
    const ref = sa.get(IsfRef);
    const stage = sa.get(IsfStage);
    // A concern whose opening is still being processed has no stage yet.
    if (ref === undefined || !ownsRef(w.workflowId, ref) || stage === undefined) continue;
    const memo = (w.memo ?? {}) as Partial<ConcernMemo>;
    rows.push({
      ref,
      title: memo.title ?? null,
      site: memo.site ?? null,
      region: sa.get(IsfRegion) ?? '',
      provider: sa.get(IsfProvider) ?? '',
      category: sa.get(IsfCategory) ?? 0,
      riskScore: sa.get(IsfRiskScore) ?? 0,
      stage: stage as Stage,
      nationalRegister: sa.get(IsfNationalRegister) ?? false,
      openedAt: w.startTime.toISOString(),
      closed: w.status.name !== 'RUNNING',
    });
  }
  return rows.sort((a, b) => b.category - a.category || b.riskScore - a.riskScore || a.ref.localeCompare(b.ref));
}

const DAY_MS = 86_400_000;

/**
 * Both registers hold the same concerns (rated at or above the threshold, or at category 3 or 4);
 * the regional one is read a region at a time, the national one across regions.
 */
export async function registerRows(
  client: Client,
  regions: readonly string[] | undefined,
  policy: Policy,
  now: Date,
): Promise<RegisterRow[]> {
  const rows: RegisterRow[] = [];
  for await (const w of client.workflow.list({ query: concernsQuery({ regions, nationalRegister: true }) })) {
    const sa = w.typedSearchAttributes;
    if (!ownsRef(w.workflowId, sa.get(IsfRef))) continue;
    const memo = (w.memo ?? {}) as Partial<ConcernMemo>;
    const score = sa.get(IsfRiskScore) ?? 0;
    const due = sa.get(IsfNextReviewDue);
    const since = sa.get(IsfCategorySince);
    const status = sa.get(IsfCategoryStatus);
    rows.push({
      ref: sa.get(IsfRef)!,
      provider: sa.get(IsfProvider) ?? '',
      site: memo.site ?? '',
      region: sa.get(IsfRegion) ?? '',
      category: sa.get(IsfCategory) ?? 0,
      categoryStatus: status === 'provisional' || status === 'confirmed' ? status : null,
      riskScore: score,
      riskBand: riskBand(score, policy.riskBands),
      stage: sa.get(IsfStage) ?? '',
      categorySince: since ? since.toISOString() : null,
      daysSinceCategory: since ? Math.floor((now.getTime() - since.getTime()) / DAY_MS) : null,
      nextReviewDue: due ? due.toISOString() : null,
      reviewOverdue: due ? due.getTime() < now.getTime() : false,
      overdueObjectives: sa.get(IsfOverdueObjectives) ?? 0,
    });
  }
  return rows.sort(
    (a, b) =>
      a.region.localeCompare(b.region) ||
      b.category - a.category ||
      b.riskScore - a.riskScore ||
      a.ref.localeCompare(b.ref),
  );
}
