// Learner professions and the professional regulator of each.

export const PROFESSIONS = [
  'medical-postgraduate',
  'medical-undergraduate',
  'nursing',
  'midwifery',
  'allied-health',
  'dental',
  'pharmacy',
  'healthcare-science',
  'physician-associate',
  /** Learners of a profession with no statutory regulator: nobody is mailed as their regulator. */
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const REGULATORS = ['GMC', 'NMC', 'HCPC', 'GDC', 'GPhC'] as const;
export type Regulator = (typeof REGULATORS)[number];

export const REGULATOR_OF: Readonly<Record<Profession, Regulator | null>> = {
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
};

/** The regulators of a concern's learners, each once, in a stable order (none for `other`). */
export function regulatorsFor(professions: readonly Profession[]): Regulator[] {
  const wanted = new Set(professions.map((p) => REGULATOR_OF[p]));
  return REGULATORS.filter((r) => wanted.has(r));
}

/**
 * HEE's Suspension of Postgraduate Medical Training policy "is applicable to postgraduate medical
 * trainees only".
 */
export function suspensionPolicyApplies(professions: readonly Profession[]): boolean {
  return professions.includes('medical-postgraduate');
}
