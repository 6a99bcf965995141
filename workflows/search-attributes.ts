// Search attributes kept up to date for operators and for listings. Search attributes are never
// encrypted, so they carry codes, numbers and stages only: no names or free text.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { ConcernState } from '../concern/state';

export const IsfRef = defineSearchAttributeKey('IsfRef', SearchAttributeType.KEYWORD);
export const IsfCategory = defineSearchAttributeKey('IsfCategory', SearchAttributeType.INT);
export const IsfRiskScore = defineSearchAttributeKey('IsfRiskScore', SearchAttributeType.INT);
export const IsfRegion = defineSearchAttributeKey('IsfRegion', SearchAttributeType.KEYWORD);
export const IsfProvider = defineSearchAttributeKey('IsfProvider', SearchAttributeType.KEYWORD);
export const IsfStage = defineSearchAttributeKey('IsfStage', SearchAttributeType.KEYWORD);
export const IsfNationalRegister = defineSearchAttributeKey('IsfNationalRegister', SearchAttributeType.BOOL);
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
  IsfConfigVersion,
] as const;

export function searchAttributesOf(state: ConcernState, configVersion: string): SearchAttributeUpdatePair[] {
  return [
    { key: IsfRef, value: state.ref },
    { key: IsfCategory, value: state.category },
    { key: IsfRiskScore, value: state.risk.score },
    { key: IsfRegion, value: state.region },
    { key: IsfProvider, value: state.provider },
    { key: IsfStage, value: state.stage },
    { key: IsfNationalRegister, value: state.registers.national },
    { key: IsfConfigVersion, value: configVersion },
  ];
}
