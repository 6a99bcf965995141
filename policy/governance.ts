// Who decides what: the people in the configuration hold one or more of these roles.
// Quality teams propose, regional governance confirms or challenges ("the categorisation of
// concerns will be subject to agreement and confirm / challenge via local and regional governance
// arrangements"), and national scrutiny signs off category 4.

// `reader`: heads of quality, deans and JSOG members read concerns without deciding anything.
export const USER_ROLES = ['quality-team', 'regional-governance', 'national-scrutiny', 'reader'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** National users act for every region; the others only for the regions they are given. */
export const NATIONAL_USER_ROLES: readonly UserRole[] = ['national-scrutiny'];

/** Roles that act for the regions they are given, and must be given one. */
export const REGIONAL_USER_ROLES: readonly UserRole[] = ['quality-team', 'regional-governance'];

export const USER_ROLE_LABEL: Readonly<Record<UserRole, string>> = {
  'quality-team': 'quality team',
  'regional-governance': 'regional governance',
  'national-scrutiny': 'national scrutiny',
  reader: 'reader',
};

/**
 * Which regions' concerns a user may read: every region for national scrutiny and for a reader
 * given no region (a national reader, such as a JSOG member); otherwise the regions they act for.
 */
export function readableRegions(user: {
  roles: readonly UserRole[];
  regions: readonly string[];
}): readonly string[] | 'all' {
  if (user.roles.some((r) => NATIONAL_USER_ROLES.includes(r))) return 'all';
  if (user.roles.includes('reader') && user.regions.length === 0) return 'all';
  return user.regions;
}

/** Which role each decision is taken in. */
export const DECIDED_BY = {
  open: 'quality-team',
  propose: 'quality-team',
  rate: 'quality-team',
  close: 'quality-team',
  review: 'quality-team',
  intervene: 'quality-team',
  'plan-add': 'quality-team',
  'plan-agree': 'quality-team',
  'plan-done': 'quality-team',
  decommission: 'quality-team',
  'good-practice': 'quality-team',
  'plan-share': 'quality-team',
  audience: 'quality-team',
  confirm: 'regional-governance',
  challenge: 'regional-governance',
  'sign-off': 'national-scrutiny',
} as const satisfies Record<string, UserRole>;
