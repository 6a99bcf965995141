// The regional and national risk registers, read from Temporal visibility alone (search
// attributes, and the memo for the site): a register of thousands of concerns costs one listing,
// not a query each.
import type { Client } from '@temporalio/client';
import { riskBand } from '../policy';
import type { Policy } from '../config/policy';
import type { ConcernMemo } from '../workflows/details';
import {
  IsfCategory,
  IsfCategorySince,
  IsfCategoryStatus,
  IsfNationalRegister,
  IsfOverdueObjectives,
  IsfNextReviewDue,
  IsfProvider,
  IsfRef,
  IsfRegion,
  IsfRiskScore,
  IsfStage,
} from '../workflows/search-attributes';
import { openConcernsQuery } from './agenda';
import { ownsRef } from '../workflows/names';

export { REGISTER_LEVELS, type RegisterLevel } from '../api/schemas';
export { REGISTER_COLUMNS, neutralise, registerCsv } from './register-csv';

export type { RegisterRow } from '../api/schemas';
import type { RegisterRow } from '../api/schemas';

const DAY_MS = 86_400_000;

/**
 * Both registers hold the same concerns (rated at or above the threshold, or at category 3 or 4);
 * the regional one is read a region at a time, the national one across regions.
 */
export async function registerRows(client: Client, regions: readonly string[] | undefined, policy: Policy, now: Date): Promise<RegisterRow[]> {
  const rows: RegisterRow[] = [];
  const query = openConcernsQuery(regions, `${IsfNationalRegister.name} = true`);
  for await (const w of client.workflow.list({ query })) {
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
  return rows.sort((a, b) => a.region.localeCompare(b.region) || b.category - a.category || b.riskScore - a.riskScore || a.ref.localeCompare(b.ref));
}
