// The regional and national risk registers, read from Temporal visibility alone (search
// attributes, and the memo for the site): a register of thousands of concerns costs one listing,
// not a query each.
import type { Client } from '@temporalio/client';
import { stringify } from 'csv-stringify/sync';
import { riskBand, type RiskBand } from '../policy';
import type { Policy } from '../config/policy';
import type { ConcernState } from '../concern/state';
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

export const REGISTER_LEVELS = ['regional', 'national'] as const;
export type RegisterLevel = (typeof REGISTER_LEVELS)[number];

export interface RegisterRow {
  ref: string;
  provider: string;
  site: string;
  region: string;
  category: number;
  categoryStatus: ConcernState['categoryStatus'] | null;
  riskScore: number;
  riskBand: RiskBand;
  stage: string;
  categorySince: string | null;
  daysSinceCategory: number | null;
  nextReviewDue: string | null;
  reviewOverdue: boolean;
  overdueObjectives: number;
}

const DAY_MS = 86_400_000;

/**
 * Both registers hold the same concerns (rated at or above the threshold, or at category 3 or 4);
 * the regional one is read a region at a time, the national one across regions.
 */
export async function registerRows(client: Client, region: string | undefined, policy: Policy, now: Date): Promise<RegisterRow[]> {
  const rows: RegisterRow[] = [];
  const query = openConcernsQuery(region ? [region] : undefined, `${IsfNationalRegister.name} = true`);
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

export const REGISTER_COLUMNS: (keyof RegisterRow)[] = [
  'ref',
  'provider',
  'site',
  'region',
  'category',
  'categoryStatus',
  'riskScore',
  'riskBand',
  'stage',
  'categorySince',
  'daysSinceCategory',
  'nextReviewDue',
  'reviewOverdue',
  'overdueObjectives',
];

/**
 * A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by
 * spreadsheets; prefixing a quote makes it text ("CSV injection").
 */
export function neutralise(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), a header row, every field quoted. */
export function registerCsv(rows: RegisterRow[]): string {
  return stringify(
    rows.map((r) => REGISTER_COLUMNS.map((c) => (typeof r[c] === 'string' ? neutralise(r[c]) : r[c]))),
    { header: true, columns: REGISTER_COLUMNS, quoted: true, quoted_empty: true, bom: true, cast: { boolean: (b) => (b ? 'yes' : 'no') } },
  );
}
