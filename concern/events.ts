// Events that send mail. Their names appear in the notifications recorded on each concern and in
// the Message-ID of every mail, so they never change once released.
export const EVENTS = [
  /** A category took effect (provisionally or confirmed) or was restored. */
  'category-changed',
  /** Category 3 confirmed: training will be suspended unless improvement is made. */
  'notice-of-intention',
  /** A move into or out of category 4 awaits national scrutiny. */
  'sign-off-requested',
  /** The concern entered or left the national risk register. */
  'register-change',
  /** Some roles of a notification had no address, or their addresses were refused. */
  'undeliverable',
  /** A monitoring review falls due soon. */
  'review-reminder',
  /** A monitoring review is past due. */
  'review-overdue',
  /** A deteriorating review at category 1 or 2: escalation to 3 should be considered. */
  'escalation-advised',
  /** No intervention logged within the response time of the category. */
  'response-overdue',
  /** No action plan agreed in time at category 2 or above. */
  'plan-overdue',
  /** An action-plan objective falls due soon. */
  'objective-reminder',
  /** An action-plan objective passed its date undone. */
  'objective-overdue',
  /** A provisional category still awaits regional governance. */
  'confirmation-reminder',
  /** A move into or out of category 4 still awaits national sign-off. */
  'sign-off-reminder',
  /** Whoever raised the concern: it was categorised, its category changed, or it closed. */
  'raiser-update',
  /** A region's weekly digest. */
  'weekly-digest',
  /** Category 4 ended with the training posts decommissioned, on national sign-off: the concern closed. */
  'decommissioned',
  /** Good practice at category 0 or 1 shared with the education and quality leads of other providers. */
  'good-practice-shared',
  /** An agreed action plan shared with regulators or system partners. */
  'plan-shared',
  /** A provisional category confirmed by regional governance: it settles. */
  'category-confirmed',
  /** The concern closed (resolved): its last category's stakeholders are told. */
  'concern-closed',
  /** The notice period of a notice of intention ends: category 4 may now be proposed. */
  'notice-deadline',
  /** A monitoring review at category 3 or 4: its outcome and the plan's progress, nationally. */
  'review-outcome',
  /** The weekly national digest: concerns at 3 and 4, the national register, sign-offs, deadlines. */
  'national-digest',
] as const;
export type EventName = (typeof EVENTS)[number];

/** The events a concern's own clocks raise. */
export type ClockEvent = Extract<
  EventName,
  | 'review-reminder'
  | 'review-overdue'
  | 'response-overdue'
  | 'plan-overdue'
  | 'objective-reminder'
  | 'objective-overdue'
  | 'confirmation-reminder'
  | 'sign-off-reminder'
  | 'notice-deadline'
>;
