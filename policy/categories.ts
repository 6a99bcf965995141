// ISF categories in the guide's own words ("Risk categorisation of concerns" and
// "Support through the framework").

export const CATEGORIES = [0, 1, 2, 3, 4] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CategoryDefinition {
  readonly name: string;
  /** HEE's level of involvement; category 0 has none ("the only action … good practice"). */
  readonly support: string | null;
  readonly meaning: string;
}

export const CATEGORY: Readonly<Record<Category, CategoryDefinition>> = {
  0: {
    name: 'No concerns',
    support: null,
    meaning: 'the education and training delivered by the provider meets all the HEE standards',
  },
  1: {
    name: 'Minor concerns',
    support: 'Self-directed quality improvement',
    meaning:
      'one or more areas where the provider does not meet HEE standards, with active plans in place that are consistently delivered against',
  },
  2: {
    name: 'Significant concerns',
    support: 'Enhanced support programme',
    meaning:
      'a significant number of areas where the provider does not meet HEE standards and / or plans are not delivering sustainable improvement at the pace required',
  },
  3: {
    name: 'Major concerns',
    support: 'Intensive support programme',
    meaning:
      'the provider has fallen, or is at risk of falling, well below the standards expected by HEE; training will be suspended if rapid and sustained directed improvements are not made',
  },
  4: {
    name: 'Training suspended',
    support: 'Training recovery support programme',
    meaning: 'HEE has suspended training / removed trainees within the affected clinical learning environment',
  },
};

/** "Category 3 (Major concerns)": how every message and report names a category. */
export function describeCategory(category: Category): string {
  return `category ${category} (${CATEGORY[category].name})`;
}

/**
 * "Where category 4 is to be applied to a concern, there will need to be scrutiny and agreement
 * at a national level." Leaving category 4 reinstates training, which is the same decision taken
 * back, so it needs the same agreement.
 */
export function needsNationalSignOff(from: Category, to: Category): boolean {
  return from === 4 || to === 4;
}

/** Only categories 0 and 1 are concerns that could be closed: nothing significant remains. */
export const CLOSABLE_CATEGORIES: readonly Category[] = [0, 1];
