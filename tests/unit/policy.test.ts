// The ISF rules against the guide (../shared/seed/isf-guide.txt) and the role ids.
import {
  CATEGORY,
  REGULATOR_OF,
  needsNationalSignOff,
  ratingCategoryMismatch,
  registersFor,
  regulatorsFor,
  riskScore,
  stakeholdersFor,
  stakeholdersForChange,
  suspensionPolicyApplies,
  type Category,
} from '../../policy';

const EVERY_CATEGORY = [
  'head-of-school',
  'training-programme-director',
  'programme-lead',
  'practice-placement-lead',
  'local-quality-lead',
  'education-training-lead',
  'educators',
  'affected-learners',
  'provider-education-quality-lead',
];
const ADDED_AT_2 = [
  'regional-head-of-quality',
  'postgraduate-dean',
  'regulator',
  'provider-director-of-medical-education',
];
const ADDED_AT_3 = [
  'provider-chief-executive',
  'provider-medical-director',
  'regional-quality-surveillance-group',
  'jsog',
  'executive-director-education-quality',
  'national-medical-director',
];
const ADDED_AT_4 = [
  'regional-director',
  'hee-executive',
  'deputy-national-medical-director',
  'provider-chair',
  'local-commissioners',
  'regional-commissioners',
];

describe('categories', () => {
  it('names each category and its support programme as the guide does', () => {
    expect(Object.entries(CATEGORY).map(([c, d]) => [Number(c), d.name, d.support])).toEqual([
      [0, 'No concerns', null],
      [1, 'Minor concerns', 'Self-directed quality improvement'],
      [2, 'Significant concerns', 'Enhanced support programme'],
      [3, 'Major concerns', 'Intensive support programme'],
      [4, 'Training suspended', 'Training recovery support programme'],
    ]);
  });

  it('needs national sign-off to move into or out of category 4, and only then', () => {
    for (const from of [0, 1, 2, 3, 4] as Category[]) {
      for (const to of [0, 1, 2, 3, 4] as Category[]) {
        expect(needsNationalSignOff(from, to)).toBe(from === 4 || to === 4);
      }
    }
  });
});

describe('risk', () => {
  it('scores likelihood × impact, each 1 to 5', () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(4, 3)).toBe(12);
    expect(riskScore(5, 5)).toBe(25);
    for (const [l, i] of [
      [0, 3],
      [6, 3],
      [3, 6],
      [2.5, 2],
    ])
      expect(() => riskScore(l, i)).toThrow(RangeError);
  });

  it('puts a concern on both registers from a score of 12 (10 is off; 11 is not a possible score)', () => {
    const possible = new Set<number>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) possible.add(riskScore(l, i));
    expect(possible.has(11)).toBe(false);
    expect(registersFor(10, 2)).toEqual({ regional: false, national: false });
    expect(registersFor(12, 2)).toEqual({ regional: true, national: true });
  });

  it('puts every concern at category 3 or 4 on the registers, whatever its score', () => {
    expect(registersFor(1, 3)).toEqual({ regional: true, national: true });
    expect(registersFor(1, 4)).toEqual({ regional: true, national: true });
    expect(registersFor(9, 2).national).toBe(false);
  });

  it('flags a concern at category 0 or 1 rated 12 or more, which the guide does not expect', () => {
    expect(ratingCategoryMismatch(12, 1)).toBe(true);
    expect(ratingCategoryMismatch(16, 0)).toBe(true);
    expect(ratingCategoryMismatch(10, 1)).toBe(false);
    expect(ratingCategoryMismatch(12, 2)).toBe(false);
    expect(registersFor(12, 1).national).toBe(true);
  });

  it('flags a concern at category 3 or 4 rated below 12 too: on the registers by its category, not its score', () => {
    expect(ratingCategoryMismatch(11, 3)).toBe(true);
    expect(ratingCategoryMismatch(4, 4)).toBe(true);
    expect(ratingCategoryMismatch(12, 3)).toBe(false);
    expect(ratingCategoryMismatch(25, 4)).toBe(false);
    expect(ratingCategoryMismatch(2, 2)).toBe(false);
    expect(ratingCategoryMismatch(14, 3, 15)).toBe(true);
  });

  it('takes the threshold from policy', () => {
    expect(registersFor(12, 2, 15).national).toBe(false);
    expect(registersFor(15, 2, 15).national).toBe(true);
  });
});

describe('who is told', () => {
  it('tells the local stakeholders at every category, then adds at 2, 3 and 4', () => {
    expect(stakeholdersFor(0)).toEqual(EVERY_CATEGORY);
    expect(stakeholdersFor(1)).toEqual(EVERY_CATEGORY);
    expect(stakeholdersFor(2)).toEqual([...EVERY_CATEGORY, ...ADDED_AT_2]);
    expect(stakeholdersFor(3)).toEqual([...EVERY_CATEGORY, ...ADDED_AT_2, ...ADDED_AT_3]);
    expect(stakeholdersFor(4)).toEqual([...EVERY_CATEGORY, ...ADDED_AT_2, ...ADDED_AT_3, ...ADDED_AT_4]);
    expect(stakeholdersFor(4)).toHaveLength(25);
  });

  it('tells the union of the old and new sets when the category moves, either way', () => {
    expect(stakeholdersForChange(4, 1)).toEqual(stakeholdersFor(4));
    expect(stakeholdersForChange(1, 3)).toEqual(stakeholdersFor(3));
    expect(stakeholdersForChange(null, 2)).toEqual(stakeholdersFor(2));
  });
});

describe('regulators', () => {
  it('maps each profession to its regulator', () => {
    expect(REGULATOR_OF).toEqual({
      'medical-postgraduate': 'GMC',
      'medical-undergraduate': 'GMC',
      nursing: 'NMC',
      midwifery: 'NMC',
      'allied-health': 'HCPC',
      dental: 'GDC',
      pharmacy: 'GPhC',
      'healthcare-science': 'HCPC',
      'physician-associate': 'GMC',
      other: null,
    });
  });

  it('names each regulator once for a mix of professions', () => {
    expect(regulatorsFor(['nursing', 'midwifery', 'medical-postgraduate', 'medical-undergraduate'])).toEqual([
      'GMC',
      'NMC',
    ]);
    expect(regulatorsFor(['pharmacy', 'dental', 'allied-health'])).toEqual(['HCPC', 'GDC', 'GPhC']);
    expect(regulatorsFor(['physician-associate', 'healthcare-science'])).toEqual(['GMC', 'HCPC']);
    // Learners of a profession with no statutory regulator: no regulator is told.
    expect(regulatorsFor(['other'])).toEqual([]);
  });

  it('invokes the Suspension of Postgraduate Medical Training policy for postgraduate medical learners only', () => {
    expect(suspensionPolicyApplies(['medical-postgraduate', 'nursing'])).toBe(true);
    expect(suspensionPolicyApplies(['medical-undergraduate', 'nursing'])).toBe(false);
  });
});
