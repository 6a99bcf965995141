// Payloads of the opening and of every decision, checked with zod in the admin script and again
// in the workflow's validators: one definition for both.
import { z } from 'zod';
import {
  CATEGORIES,
  CONTACT_ROLES,
  EVIDENCE_KINDS,
  EVIDENCE_SOURCES,
  INTERVENTION_KINDS,
  PROFESSIONS,
  RATING_MAX,
  RATING_MIN,
  REVIEW_OUTCOMES,
  SHARE_SCOPES,
  WITHHOLDABLE_ROLES,
} from '../policy';
import { DECISION_KINDS, type DecisionKind } from './decision-kinds';
import { SPEC_HOOKS } from './spec-hooks';

/** Limits on free text: generous for a rationale, small enough to keep history and mail sane. */
export const TEXT_LIMITS = { title: 200, site: 200, rationale: 4000, objective: 1000 } as const;

const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .overwrite(SPEC_HOOKS.trim)
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

export const refSchema = z.string({ error: 'must be text' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
  error: 'must be 1 to 40 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
});

/** Ids of users, regions and providers in the configuration. */
export const idSchema = z.string({ error: 'must be text' }).regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
  error: 'must be lower-case letters, digits, dots, hyphens or underscores',
});

export const emailSchema = z.email({ error: 'must be an email address' });

export const categorySchema = z.union(
  CATEGORIES.map((c) => z.literal(c)),
  {
    error: `must be a whole number from 0 to ${CATEGORIES.length - 1}`,
  },
);
export const ratingSchema = wholeNumber(RATING_MIN, RATING_MAX);
export const rationaleSchema = text(TEXT_LIMITS.rationale);

const { unique } = SPEC_HOOKS;

export const contactsSchema = z.partialRecord(
  oneOf(CONTACT_ROLES as unknown as [string, ...string[]]),
  z.array(emailSchema).min(1, { error: 'must list at least one address' }),
);

export const publicKeySchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: 'must be an Ed25519 public key: 64 hex digits' });

export const signatureSchema = z
  .object({
    at: z.iso.datetime({ error: 'must be an ISO date-time' }),
    nonce: z.string().min(8).max(100),
    value: z.string().regex(/^[0-9a-f]{128}$/, { error: 'must be an Ed25519 signature: 128 hex digits' }),
  })
  .strict();

/** Who is deciding, the request id the admin script uses as the update id, and the signature. */
const decisionBase = {
  actor: idSchema,
  requestId: z.string().max(100).optional(),
  signature: signatureSchema.optional(),
};

export const openingSchema = z
  .object({
    ...decisionBase,
    ref: refSchema,
    title: text(TEXT_LIMITS.title),
    region: idSchema,
    provider: idSchema,
    site: text(TEXT_LIMITS.site),
    professions: z.array(oneOf(PROFESSIONS)).min(1, { error: 'name at least one profession' }).transform(unique),
    learners: wholeNumber(0, 100_000),
    sources: z.array(oneOf(EVIDENCE_SOURCES)).min(1, { error: 'name at least one evidence source' }).transform(unique),
    likelihood: ratingSchema,
    impact: ratingSchema,
    category: categorySchema,
    rationale: rationaleSchema,
    contacts: contactsSchema.default({}),
    /** Who raised the concern, told of its progress; never in search attributes. */
    raisedBy: emailSchema.optional(),
  })
  .strict();

/** One item of evidence behind a decision: `--evidence KIND:TEXT`. */
export const evidenceItemSchema = z.object({ kind: oneOf(EVIDENCE_KINDS), text: text(TEXT_LIMITS.rationale) }).strict();
/** Absent in decisions recorded before evidence was asked for: they read as none. */
const evidenceSchema = z.array(evidenceItemSchema).max(20, { error: 'must list at most 20 items' }).default([]);

/**
 * The pending proposal a confirmation, challenge or sign-off decides, as it was proposed: signed
 * with the decision, so that a signed decision about one proposal can never decide a later one.
 * `isf` fills it in from the concern; absent in decisions recorded before it was asked for.
 */
export const proposalRefSchema = z
  .object({ category: categorySchema, proposedAt: z.iso.datetime({ error: 'must be an ISO date-time' }) })
  .strict();

export const proposeSchema = z
  .object({
    ...decisionBase,
    category: categorySchema,
    rationale: rationaleSchema,
    evidence: evidenceSchema,
    /** Category 4 on the urgent route (patient or learner safety): the notice period is waived, and national sign-off must approve it. */
    waiveNotice: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();
const decidesProposal = { proposal: proposalRefSchema.optional() };
/** "Multi-agency oversight … an agreement on lead agency and ownership": into category 3 (confirm) and 4 (sign-off). */
const recoveryFields = { leadAgency: text(TEXT_LIMITS.title).optional(), owner: emailSchema.optional() };
export const confirmSchema = z
  .object({
    ...decisionBase,
    ...decidesProposal,
    rationale: rationaleSchema.optional(),
    evidence: evidenceSchema,
    ...recoveryFields,
  })
  .strict();
export const challengeSchema = z
  .object({ ...decisionBase, ...decidesProposal, rationale: rationaleSchema, evidence: evidenceSchema })
  .strict();
export const signOffSchema = z
  .object({
    ...decisionBase,
    ...decidesProposal,
    approve: z.boolean({ error: 'must be true or false' }),
    rationale: rationaleSchema,
    evidence: evidenceSchema,
    /** Approving category 4: "an agreement on lead agency and ownership". */
    ...recoveryFields,
    /** Approving category 4 proposed on the urgent route: the waiver of the notice period, approved explicitly. */
    approveWaiver: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();
export const rateSchema = z
  .object({
    ...decisionBase,
    likelihood: ratingSchema,
    impact: ratingSchema,
    rationale: rationaleSchema,
    evidence: evidenceSchema,
  })
  .strict();
export const closeSchema = z.object({ ...decisionBase, rationale: rationaleSchema }).strict();
/** Good practice at category 0 or 1, recorded and, with `share`, mailed to other providers. */
export const goodPracticeSchema = z
  .object({ ...decisionBase, summary: rationaleSchema, share: oneOf(SHARE_SCOPES).optional() })
  .strict();
/** Regulators and partners by their names in the configuration (GMC, CQC, NHSE-regional…). */
export const organisationSchema = z
  .string({ error: 'must be text' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { error: 'must be an organisation name from the configuration' });
export const planShareSchema = z
  .object({
    ...decisionBase,
    with: z
      .array(organisationSchema)
      .min(1, { error: 'name at least one regulator or partner' })
      .max(20)
      .transform(unique),
  })
  .strict();
/** Category 4 ending "unless training posts are decommissioned": proposed, confirmed, signed off. */
export const decommissionSchema = z
  .object({ ...decisionBase, rationale: rationaleSchema, evidence: evidenceSchema })
  .strict();

/** An ISO date (due by the end of that day, UTC) or an ISO date-time with its offset. */
export const dueSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be an ISO date (2026-12-31) or date-time (2026-12-31T17:00:00Z)',
  })
  .transform(SPEC_HOOKS.dueToIso);

export const reviewSchema = z
  .object({
    ...decisionBase,
    outcome: oneOf(REVIEW_OUTCOMES),
    summary: rationaleSchema,
    // Plain text in reviews recorded before evidence had kinds; KIND:TEXT items since.
    evidence: z
      .array(z.union([evidenceItemSchema, text(TEXT_LIMITS.rationale)]))
      .max(20, { error: 'must list at most 20 items' })
      .default([]),
  })
  .strict();
export const interveneSchema = z
  .object({ ...decisionBase, kind: oneOf(INTERVENTION_KINDS), summary: rationaleSchema })
  .strict();
export const planAddSchema = z
  .object({
    ...decisionBase,
    objective: text(TEXT_LIMITS.objective),
    owner: emailSchema,
    due: dueSchema,
    measure: text(TEXT_LIMITS.objective),
    /** "Plans answer interventions": the intervention whose recommendations this objective answers. */
    answers: wholeNumber(1, 1000).optional(),
  })
  .strict();
export const planAgreeSchema = z
  .object({
    ...decisionBase,
    rationale: rationaleSchema.optional(),
    /** Who agreed the plan at the provider: "NAME, ROLE". */
    agreedBy: text(TEXT_LIMITS.title).optional(),
  })
  .strict();
/** "Shared … as appropriate": hold back a concern's notices from a local role at category 0 or 1, or restore it. */
export const audienceSchema = z
  .object({
    ...decisionBase,
    withhold: oneOf(WITHHOLDABLE_ROLES as unknown as [string, ...string[]]).optional(),
    restore: oneOf(WITHHOLDABLE_ROLES as unknown as [string, ...string[]]).optional(),
    reason: rationaleSchema.optional(),
  })
  .strict()
  .refine(SPEC_HOOKS.oneAudienceChange, {
    error: 'give --withhold ROLE or --restore ROLE, one of them',
  })
  .refine(SPEC_HOOKS.withholdingHasReason, {
    error: 'withholding a role needs a reason',
    path: ['reason'],
  });
export const planDoneSchema = z
  .object({ ...decisionBase, objective: wholeNumber(1, 1000), evidence: text(TEXT_LIMITS.rationale) })
  .strict();

export type OpeningInput = z.input<typeof openingSchema>;
export type Opening = z.output<typeof openingSchema>;
export type ProposeInput = z.input<typeof proposeSchema>;
export type ConfirmInput = z.input<typeof confirmSchema>;
export type ChallengeInput = z.input<typeof challengeSchema>;
export type SignOffInput = z.input<typeof signOffSchema>;
export type RateInput = z.input<typeof rateSchema>;
export type CloseInput = z.input<typeof closeSchema>;

/** Every decision after the opening, by the name of its update and admin-script command. */
export const DECISION_SCHEMAS = {
  propose: proposeSchema,
  confirm: confirmSchema,
  challenge: challengeSchema,
  'sign-off': signOffSchema,
  rate: rateSchema,
  close: closeSchema,
  review: reviewSchema,
  intervene: interveneSchema,
  'plan-add': planAddSchema,
  'plan-agree': planAgreeSchema,
  'plan-done': planDoneSchema,
  decommission: decommissionSchema,
  'good-practice': goodPracticeSchema,
  'plan-share': planShareSchema,
  audience: audienceSchema,
} as const satisfies Record<DecisionKind, z.ZodType>;
export { DECISION_KINDS, type DecisionKind };
export type DecisionPayload<K extends DecisionKind> = z.output<(typeof DECISION_SCHEMAS)[K]>;
export type DecisionInput<K extends DecisionKind> = z.input<(typeof DECISION_SCHEMAS)[K]>;
