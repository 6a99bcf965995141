// Sharing beyond the concern's own stakeholders.
//
// Good practice: "Regional quality teams may wish to explore whether there are areas of good /
// best practice within category 0 … sharing these with other providers within the region and
// nationally"; at category 1 "there may be the sharing of good practice".
//
// Plans: at category 2 "the action plans will be agreed between HEE and the provider … Plans may
// be shared with other stakeholders (e.g. GMC, NHSI, CQC etc.)".
import type { Category } from './categories';
import type { StakeholderRole } from './stakeholders';

export const GOOD_PRACTICE_CATEGORIES: readonly Category[] = [0, 1];

/** How far good practice is shared: the providers of the concern's region, or every provider. */
export const SHARE_SCOPES = ['region', 'national'] as const;
export type ShareScope = (typeof SHARE_SCOPES)[number];

/** Who hears of good practice at each provider it is shared with: its education and quality lead. */
export const GOOD_PRACTICE_ROLES: readonly StakeholderRole[] = ['provider-education-quality-lead'];
