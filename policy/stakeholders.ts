// Who is told at each ISF category ("Reporting"). The sets are cumulative: each category is
// shared with everyone of the categories below it, and more.
import type { Category } from './categories';

/** "If category 0 or 1 is appropriate … shared locally … with the following stakeholders". */
export const LOCAL_ROLES = [
  'head-of-school',
  'training-programme-director',
  'programme-lead',
  'practice-placement-lead',
  'local-quality-lead',
  'education-training-lead',
  'educators',
  'affected-learners',
  'provider-education-quality-lead',
] as const;

/** Category 2: "the regional Head of Quality, the Postgraduate Dean, the respective regulator(s) … and the provider's Director of Medical Education". */
export const CATEGORY_2_ROLES = [
  'regional-head-of-quality',
  'postgraduate-dean',
  'regulator',
  'provider-director-of-medical-education',
] as const;

/** Category 3: the provider's Chief Executive and Medical Director, the regional Quality Surveillance Group, JSOG, the Executive Director of Education and Quality, the National Medical Director. */
export const CATEGORY_3_ROLES = [
  'provider-chief-executive',
  'provider-medical-director',
  'regional-quality-surveillance-group',
  'jsog',
  'executive-director-education-quality',
  'national-medical-director',
] as const;

/** Category 4: the Regional Director, HEE Executive, the Deputy Medical Director, the provider's Chair, local and regional service commissioners. */
export const CATEGORY_4_ROLES = [
  'regional-director',
  'hee-executive',
  'deputy-national-medical-director',
  'provider-chair',
  'local-commissioners',
  'regional-commissioners',
] as const;

export const STAKEHOLDER_ROLES = [
  ...LOCAL_ROLES,
  ...CATEGORY_2_ROLES,
  ...CATEGORY_3_ROLES,
  ...CATEGORY_4_ROLES,
] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

/** Roles that hold addresses in the configuration; `regulator` is resolved by profession instead. */
export type ContactRole = Exclude<StakeholderRole, 'regulator'>;
export const CONTACT_ROLES = STAKEHOLDER_ROLES.filter((r): r is ContactRole => r !== 'regulator');

const ADDED_AT: Readonly<Record<Category, readonly StakeholderRole[]>> = {
  0: LOCAL_ROLES,
  1: [],
  2: CATEGORY_2_ROLES,
  3: CATEGORY_3_ROLES,
  4: CATEGORY_4_ROLES,
};

/** Everyone who must be told of a concern at this category. */
export function stakeholdersFor(category: Category): StakeholderRole[] {
  const roles: StakeholderRole[] = [];
  for (let c = 0; c <= category; c++) roles.push(...ADDED_AT[c as Category]);
  return roles;
}

/**
 * When a category takes effect or is restored, everyone in the old set and the new set is told:
 * those who are no longer involved learn that they are not.
 */
export function stakeholdersForChange(from: Category | null, to: Category): StakeholderRole[] {
  return stakeholdersFor(from === null ? to : (Math.max(from, to) as Category));
}

/** "Notice will be given that training … will be suspended": to the provider's leadership. */
export const NOTICE_OF_INTENTION_ROLES: readonly StakeholderRole[] = [
  'provider-chief-executive',
  'provider-medical-director',
];

/**
 * "If category 0 or 1 is appropriate … shared locally … as appropriate": the regional quality team
 * may hold back a concern's notices from one of these nine local roles, at category 0 or 1 only.
 * Every other role (regional, national, the provider's executives, the regulator) is always told.
 */
export const WITHHOLDABLE_ROLES: readonly StakeholderRole[] = LOCAL_ROLES;
export const WITHHOLDABLE_AT: readonly Category[] = [0, 1];

/** Those who keep and watch the national risk register. */
export const REGISTER_CHANGE_ROLES: readonly StakeholderRole[] = ['regional-head-of-quality', 'jsog'];
