// The one place Temporal's visibility queries for concerns are written: the admin script, the
// service, the reports, export, the worker's configuration sync, its gauges and the digests all ask
// through here. Values come checked (ids, categories) or from the system itself (dates, versions).
import type { Stage } from '../concern/state';
import { CONCERN_WORKFLOW_TYPE } from '../workflows/names';
import {
  IsfCategory,
  IsfConfigVersion,
  IsfNationalRegister,
  IsfNextDeadline,
  IsfNextReviewDue,
  IsfRegion,
  IsfStage,
} from '../workflows/search-attributes';

export interface ConcernFilter {
  /** Closed concerns too (completed runs); open ones only by default. */
  closed?: boolean;
  /** Only these regions (an empty list matches none); all when absent. */
  regions?: readonly string[];
  stage?: Stage;
  category?: number;
  minCategory?: number;
  nationalRegister?: boolean;
  /** Something falls due by then (`IsfNextDeadline`). */
  dueBefore?: string;
  /** The monitoring review was due before then (`IsfNextReviewDue`). */
  reviewDueBefore?: string;
  /** Opened by then. */
  openedBy?: string;
  /** Open now, or closed since then. */
  openSince?: string;
  /** Holding another configuration than this version. */
  configVersionNot?: string;
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function concernsQuery(filter: ConcernFilter = {}): string {
  const clauses = [
    `WorkflowType = ${quoted(CONCERN_WORKFLOW_TYPE)}`,
    filter.closed ? `ExecutionStatus IN ('Running', 'Completed')` : `ExecutionStatus = 'Running'`,
  ];
  if (filter.regions)
    clauses.push(`${IsfRegion.name} IN (${(filter.regions.length ? filter.regions : ['']).map(quoted).join(', ')})`);
  if (filter.stage !== undefined) clauses.push(`${IsfStage.name} = ${quoted(filter.stage)}`);
  if (filter.category !== undefined) clauses.push(`${IsfCategory.name} = ${Number(filter.category)}`);
  if (filter.minCategory !== undefined) clauses.push(`${IsfCategory.name} >= ${Number(filter.minCategory)}`);
  if (filter.nationalRegister) clauses.push(`${IsfNationalRegister.name} = true`);
  if (filter.dueBefore !== undefined) clauses.push(`${IsfNextDeadline.name} <= ${quoted(filter.dueBefore)}`);
  if (filter.reviewDueBefore !== undefined)
    clauses.push(`${IsfNextReviewDue.name} < ${quoted(filter.reviewDueBefore)}`);
  if (filter.openedBy !== undefined) clauses.push(`StartTime <= ${quoted(filter.openedBy)}`);
  if (filter.openSince !== undefined)
    clauses.push(`(ExecutionStatus = 'Running' OR CloseTime >= ${quoted(filter.openSince)})`);
  if (filter.configVersionNot !== undefined)
    clauses.push(`${IsfConfigVersion.name} != ${quoted(filter.configVersionNot)}`);
  return clauses.join(' AND ');
}
