// The settings of a deployment, the `policy:` section of its configuration: the durations of the
// clocks and the thresholds the workflow applies. (The ISF rules themselves, in the guide's words,
// are in policy/.) Pure (no I/O), so that the workflow can hold it; loaded and checked by
// config/load.ts.
import { z } from 'zod';
import { SPEC_HOOKS } from '../concern/spec-hooks';
import {
  DEFAULT_REGISTER_THRESHOLD,
  DEFAULT_RISK_BANDS,
  RATING_MAX,
  RISK_BANDS,
  type Category,
  type RiskBand,
} from '../policy';

/** A Temporal duration string: '30 days', '12h', '20s'. */
export const durationSchema = z
  .string({ error: "must be a duration such as '30 days', '12h' or '20s'" })
  .refine(SPEC_HOOKS.isDuration, { error: "must be a duration such as '30 days', '12h' or '20s'" });

/** Temporal refuses a payload over 2 MB; a carried state this size leaves room for the rest of the input. */
export const MAX_STATE_BYTES_CEILING = 1536 * 1024;

const score = z
  .number()
  .int()
  .min(1)
  .max(RATING_MAX * RATING_MAX);
const scoreRange = z.tuple([score, score]);

// Each category's own default, so that a configuration may give only some of them.
const perCategory = (keys: readonly Category[], defaults: Record<string, string>) =>
  z
    .object(Object.fromEntries(keys.map((k) => [String(k), durationSchema.default(defaults[String(k)])])))
    .strict()
    .default(defaults);

export const policySchema = z
  .object({
    /** How often a concern is reviewed at each category; no reviews at category 0. */
    reviewEvery: perCategory([1, 2, 3, 4], { '1': '91 days', '2': '30 days', '3': '14 days', '4': '14 days' }),
    /** Review reminder, this long before the review is due. */
    reminderBefore: durationSchema.default('7 days'),
    /** Overdue notice, this long after the review was due. */
    overdueAfter: durationSchema.default('7 days'),
    /** First intervention after a concern opens or its category rises ("responded to in a timely manner"). */
    respondWithin: perCategory([1, 2, 3, 4], { '1': '28 days', '2': '7 days', '3': '7 days', '4': '7 days' }),
    /** A provisional category not yet confirmed or challenged. */
    confirmWithin: durationSchema.default('30 days'),
    /** National sign-off still pending. */
    signOffWithin: durationSchema.default('14 days'),
    /** Action plan agreed, once category 2 or above takes effect. */
    planAgreedWithin: durationSchema.default('28 days'),
    objectiveReminderBefore: durationSchema.default('7 days'),
    /** Consecutive improving reviews, with evidence, before category 4 can be left. */
    reinstatementReviews: z.number().int().min(1).max(12).default(2),
    /**
     * Sustained improvement: the improving reviews that let category 4 be left must span at least
     * this long, from the first of them to the proposal. (The guide gives no number; ours.)
     */
    sustainedImprovementFor: durationSchema.default('90 days'),
    /**
     * The notice of intention gives the provider this long, from confirmed category 3, before
     * category 4 may be proposed (except on the urgent route). (The guide gives no number; ours.)
     */
    noticePeriod: durationSchema.default('28 days'),
    registerThreshold: z
      .number()
      .int()
      .min(1)
      .max(RATING_MAX * RATING_MAX)
      .default(DEFAULT_REGISTER_THRESHOLD),
    /** Risk bands (NPSA 5×5 matrix): each a range of scores; together they cover every possible score. */
    riskBands: z
      .object({ low: scoreRange, moderate: scoreRange, high: scoreRange, extreme: scoreRange })
      .strict()
      .default(defaultBands())
      .check(SPEC_HOOKS.riskBandsCover as z.core.CheckFn<Record<RiskBand, [number, number]>>),
    /** A concern's run continues as new past this many history events (or sooner if Temporal suggests it). */
    continueAsNewAfterEvents: z.number().int().min(100).default(5000),
    /**
     * Byte budgets that keep a concern under Temporal's limits, so no decision can wedge it: one
     * decision's payload, and the state with what it carries into its next run (the outbox). The
     * state is every update's result and the next run's input, both within Temporal's 2 MB blob
     * limit; the ceiling leaves room for the configuration snapshot and the encryption.
     */
    maxDecisionBytes: z
      .number()
      .int()
      .min(4096)
      .max(MAX_STATE_BYTES_CEILING / 4)
      .default(64 * 1024),
    maxStateBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(MAX_STATE_BYTES_CEILING)
      .default(1024 * 1024),
  })
  .strict();

function defaultBands(): Record<RiskBand, [number, number]> {
  return Object.fromEntries(RISK_BANDS.map((b) => [b, [...DEFAULT_RISK_BANDS[b]]])) as Record<
    RiskBand,
    [number, number]
  >;
}

export type Policy = z.output<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});
