// Changes to the concern workflow that alter the commands it issues, each behind a patch so that
// runs started by older code still replay (README, "Changing workflow code"). A patch lives here
// until no run started before it remains; then it is deprecated (`deprecatePatch`), and after
// another deploy removed. Recorded histories in tests/histories/ prove each step.

/**
 * 2026-11: a notice's activity is named `notice-<seq>`, the number in its Message-ID, so an
 * operator can match a pending or failed activity in the Temporal UI to the mail it sends. Runs
 * started before this used the SDK's own numbering (tests/histories/pre-activity-ids).
 */
export const NOTICE_ACTIVITY_IDS = 'notice-activity-ids';

/**
 * 2026-12: a run checks its input before anything else (schema; a continued run that is not this
 * workflow's own continue-as-new has its audit trail verified, its configuration loaded afresh
 * and its outbox set aside), and an opening is refused for control characters, contacts outside
 * the provider's local roles and a payload over its budget. Runs started before this trusted their
 * input (tests/histories/the-whole-guide and earlier).
 */
export const INPUT_CHECKS = 'input-checks';

/**
 * 2026-12: the guide to the letter. A run started since sends `category-confirmed` when a category
 * is confirmed and `concern-closed` when a concern closes, `review-outcome` after reviews at 3 and 4;
 * records the notice of intention and its period (with the `notice-deadline` clock), the recovery's
 * lead agency and owner from category 3, a fresh recovery plan on entering 4; starts the response
 * clock from category 2 only and a self-directed plan's clock at 1. Runs started before keep what
 * they did (tests/histories/input-checks and earlier).
 */
export const GUIDE_RULES = 'guide-rules';

/**
 * 2026-12: after every change the concern hands its state to the read model (a local activity,
 * `recordState`), which the service's lists, registers, due lists, inboxes and pack read. Runs
 * started before record from their next change on; `isf read-model rebuild` fills in the rest
 * (tests/histories/guide-rules and earlier).
 */
export const READ_MODEL = 'read-model';
