// Monitoring in the guide's words: "concerns will be monitored closely" at categories 1 and 2,
// "nationally via the regional and national risk registers and by the JSOG" at 3, with "oversight
// from the HEE Executive and the JSOG" at 4; formal, time-limited action plans with SMART
// objectives at category 2 ("Enhanced support programme"); and reinstatement from category 4 only
// on "sustained improvement over time, which must be evidenced".
import type { Category } from './categories';
import type { Audience } from './audience';

export const REVIEW_OUTCOMES = ['improving', 'no-change', 'deteriorating'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Interventions of the Quality Handbook that count as HEE's response to a concern. */
export const INTERVENTION_KINDS = [
  'urgent-risk-review',
  'programme-review',
  'learner-educator-review',
  'senior-leader-engagement',
  'desktop-review',
  'other',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/** Reviews are scheduled from category 1; "at category 0 … good / best practice" only. */
export function monitored(category: Category): boolean {
  return category >= 1;
}

/** Formal action plans with SMART objectives start at category 2 (Enhanced support programme). */
export const ACTION_PLAN_FROM: Category = 2;

/**
 * At category 1 the provider runs "self-directed quality improvement": a plan of its own, owned at
 * the provider, may be kept from category 1; HEE's intervention is demanded from category 2.
 */
export const SELF_DIRECTED_PLAN_FROM: Category = 1;
export const RESPONSE_FROM: Category = 2;

/** Who is reminded that a review is due: the region's quality team and the head of school, nationally at 3 and 4. */
export function reviewReminderRoles(category: Category): Audience[] {
  const roles: Audience[] = ['quality-team', 'head-of-school'];
  if (category >= 3) roles.push('jsog');
  if (category >= 4) roles.push('hee-executive');
  return roles;
}

/** A review past due also goes to the regional head of quality. */
export function reviewOverdueRoles(category: Category): Audience[] {
  return [...reviewReminderRoles(category), 'regional-head-of-quality'];
}

/** "If insufficient progress is made … at category 1 or 2 … there will be an escalation to category 3." */
export function escalationAdvised(category: Category, outcome: ReviewOutcome): boolean {
  return outcome === 'deteriorating' && (category === 1 || category === 2);
}

export const ESCALATION_ADVICE_ROLES: readonly Audience[] = ['regional-head-of-quality'];
export const RESPONSE_OVERDUE_ROLES: readonly Audience[] = ['regional-head-of-quality'];
export const PLAN_OVERDUE_ROLES: readonly Audience[] = ['quality-team', 'regional-head-of-quality'];
export const OBJECTIVE_REMINDER_ROLES: readonly Audience[] = ['objective-owner'];
export const OBJECTIVE_OVERDUE_ROLES: readonly Audience[] = ['objective-owner', 'regional-head-of-quality'];
export const CONFIRMATION_REMINDER_ROLES: readonly Audience[] = ['regional-governance'];
export const SIGN_OFF_REMINDER_ROLES: readonly Audience[] = ['national-scrutiny'];
export const DIGEST_ROLES: readonly Audience[] = ['quality-team', 'regional-head-of-quality'];

/** "Monitored nationally … by the JSOG", "oversight from the HEE Executive": the weekly national digest. */
export const NATIONAL_DIGEST_ROLES: readonly Audience[] = ['jsog', 'hee-executive', 'national-scrutiny'];

/** When the notice period of a notice of intention ends: those who decide what comes next. */
export const NOTICE_DEADLINE_ROLES: readonly Audience[] = [
  'quality-team',
  'regional-head-of-quality',
  'regional-governance',
];

/**
 * Monitoring at 3 and 4 is national ("via the regional and national risk registers and by the
 * JSOG"; at 4 "oversight from the HEE Executive" and the commissioners of the service): each
 * review's outcome goes to those who are reminded of reviews, and at 4 to the commissioners and
 * the HEE Executive too.
 */
export function reviewOutcomeRoles(category: Category): Audience[] {
  if (category < 3) return [];
  const roles = reviewReminderRoles(category);
  if (category >= 4) roles.push('local-commissioners', 'regional-commissioners', 'hee-executive');
  return [...new Set(roles)];
}

/**
 * How many more improving reviews, each with evidence, are needed before category 4 can be left.
 * `reviews` are those recorded since category 4 took effect, oldest first.
 */
export function reinstatementReviewsNeeded(
  reviews: readonly { outcome: ReviewOutcome; evidence: readonly unknown[] }[],
  required: number,
): number {
  let run = 0;
  for (let i = reviews.length - 1; i >= 0 && run < required; i--) {
    if (reviews[i].outcome !== 'improving' || reviews[i].evidence.length === 0) break;
    run++;
  }
  return required - run;
}
