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
] as const;
export type EventName = (typeof EVENTS)[number];
