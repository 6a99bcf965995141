// Search attributes kept up to date for operators and for listings. Search attributes are never
// encrypted, so they carry codes, numbers and stages only: no names or free text.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { nextDeadline } from '../concern/clocks';
import type { ConfigSnapshot } from '../concern/directory';
import type { ConcernState } from '../concern/state';

export const IsfRef = defineSearchAttributeKey('IsfRef', SearchAttributeType.KEYWORD);
export const IsfCategory = defineSearchAttributeKey('IsfCategory', SearchAttributeType.INT);
export const IsfRiskScore = defineSearchAttributeKey('IsfRiskScore', SearchAttributeType.INT);
export const IsfRegion = defineSearchAttributeKey('IsfRegion', SearchAttributeType.KEYWORD);
export const IsfProvider = defineSearchAttributeKey('IsfProvider', SearchAttributeType.KEYWORD);
export const IsfStage = defineSearchAttributeKey('IsfStage', SearchAttributeType.KEYWORD);
export const IsfNationalRegister = defineSearchAttributeKey('IsfNationalRegister', SearchAttributeType.BOOL);
/** Whether the current category is `provisional` or `confirmed`. */
export const IsfCategoryStatus = defineSearchAttributeKey('IsfCategoryStatus', SearchAttributeType.KEYWORD);
/** When the current category took effect. */
export const IsfCategorySince = defineSearchAttributeKey('IsfCategorySince', SearchAttributeType.DATETIME);
/** Action-plan objectives past their date and not done. */
export const IsfOverdueObjectives = defineSearchAttributeKey('IsfOverdueObjectives', SearchAttributeType.INT);
/** When the next monitoring review is due. */
export const IsfNextReviewDue = defineSearchAttributeKey('IsfNextReviewDue', SearchAttributeType.DATETIME);
/** The soonest of everything that falls due: review, response, plan, objective, governance decision. */
export const IsfNextDeadline = defineSearchAttributeKey('IsfNextDeadline', SearchAttributeType.DATETIME);
/** Version of the configuration the concern checks decisions against; the worker refreshes stale ones. */
export const IsfConfigVersion = defineSearchAttributeKey('IsfConfigVersion', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  IsfRef,
  IsfCategory,
  IsfRiskScore,
  IsfRegion,
  IsfProvider,
  IsfStage,
  IsfNationalRegister,
  IsfCategoryStatus,
  IsfCategorySince,
  IsfOverdueObjectives,
  IsfNextReviewDue,
  IsfNextDeadline,
  IsfConfigVersion,
] as const;

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/**
 * Everything listings and registers read, so that they need visibility alone. (SQL visibility has
 * a fixed number of slots per type: these use 6 of 10 Keyword, 3 of 3 Int, 1 of 3 Bool and 3 of
 * 3 Datetime.)
 */
export function searchAttributesOf(
  state: ConcernState,
  config: ConfigSnapshot,
  now: string,
): SearchAttributeUpdatePair[] {
  return [
    { key: IsfRef, value: state.ref },
    { key: IsfCategory, value: state.category },
    { key: IsfRiskScore, value: state.risk.score },
    { key: IsfRegion, value: state.region },
    { key: IsfProvider, value: state.provider },
    { key: IsfStage, value: state.stage },
    { key: IsfNationalRegister, value: state.registers.national },
    { key: IsfCategoryStatus, value: state.categoryStatus },
    { key: IsfCategorySince, value: date(state.categorySince) },
    { key: IsfOverdueObjectives, value: state.objectives.filter((o) => !o.done && o.due <= now).length },
    { key: IsfNextReviewDue, value: date(state.nextReviewDue) },
    { key: IsfNextDeadline, value: date(nextDeadline(state, config.policy)) },
    { key: IsfConfigVersion, value: config.version },
  ];
}
