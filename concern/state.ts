// The state of one concern: plain JSON, so that it survives continue-as-new, answers the `state`
// query as it is, and is what `isf show --json` prints.
//
// The shape is written once, as zod schemas, and the types come from them: a run's input (a
// continued concern's state, from this workflow's own continue-as-new or from an import) is parsed
// with exactly these before the workflow trusts any of it. The schemas transform nothing, so a
// state parses to itself. Fields added over the years are optional: states carried by older runs
// lack them.
import { z } from 'zod';
import type { DeepReadonly } from './readonly';

export type { DeepReadonly } from './readonly';
import {
  AUDIENCES,
  CATEGORIES,
  EVIDENCE_KINDS,
  EVIDENCE_SOURCES,
  INTERVENTION_KINDS,
  PROFESSIONS,
  REVIEW_OUTCOMES,
  SHARE_SCOPES,
  STAKEHOLDER_ROLES,
  USER_ROLES,
} from '../policy';
import { EVENTS } from './events';
import { DECISION_KINDS, refSchema } from './inputs';

export const STAGES = ['open', 'awaiting-governance', 'awaiting-national-sign-off', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
export type PendingStage = Extract<Stage, 'awaiting-governance' | 'awaiting-national-sign-off'>;

export const CATEGORY_STATUSES = ['provisional', 'confirmed'] as const;
export type CategoryStatus = (typeof CATEGORY_STATUSES)[number];

/** What a decision is recorded as: the opening, or the decision's own name. */
export const AUDIT_ACTIONS = ['open', ...DECISION_KINDS] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type { Audience } from '../policy';

// Building blocks. Times are ISO date-times as the workflow writes them (`toISOString`): a
// malformed one would make a clock fire at NaN.
const time = z.iso.datetime();
const category = z.union(CATEGORIES.map((c) => z.literal(c)));
const text = z.string();
const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const rating = z.number().int().min(1).max(5);
const riskSchema = z.object({ likelihood: rating, impact: rating, score: z.number().int().min(1).max(25) }).strict();
const evidenceItemSchema = z.object({ kind: z.enum(EVIDENCE_KINDS), text }).strict();
const audienceSchema = z.enum(AUDIENCES);

const pendingSchema = z
  .object({
    /** The category proposed. */
    category,
    /** The category when it was proposed: null for a new concern's first categorisation. */
    from: category.nullable(),
    stage: z.enum(['awaiting-governance', 'awaiting-national-sign-off']),
    /** Moves into or out of category 4 take effect only after national sign-off. */
    nationalSignOff: z.boolean(),
    proposedBy: text,
    proposedAt: time,
    rationale: text,
    confirmedBy: text.nullable(),
    confirmedAt: time.nullable(),
    /** What the proposal rests on (absent in proposals made before evidence was recorded). */
    evidence: z.array(evidenceItemSchema).optional(),
    /** A proposal to decommission the training posts: on national sign-off the concern closes. */
    decommission: z.boolean().optional(),
    /** Into category 4 on the urgent route: the notice period is waived (sign-off must approve it). */
    waiveNotice: z.boolean().optional(),
  })
  .strict();
export type Pending = DeepReadonly<z.output<typeof pendingSchema>>;

/** How a closed concern ended: resolved (closed from 0 or 1), or its training posts decommissioned. */
export type ConcernOutcome = 'resolved' | 'decommissioned';

export const auditSignatureSchema = z
  .object({
    /** When the decider signed (their clock). */
    at: time,
    /** Unique per decision on a concern. */
    nonce: z.string().min(8).max(100),
    /** Ed25519, hex. */
    value: hex(128),
    /** What was signed, as entries recorded it until 2026-12 (a string beside the entry). */
    message: z.string().optional(),
    /**
     * What was signed, since 2026-12: the decision's payload without its signature. The signed
     * message is rebuilt from it (concern/signing.ts), so it is stored once.
     */
    payload: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AuditSignature = DeepReadonly<z.output<typeof auditSignatureSchema>>;

export const auditEntrySchema = z
  .object({
    at: time,
    actor: text,
    actorName: text,
    role: z.enum(USER_ROLES),
    action: z.enum(AUDIT_ACTIONS),
    requestId: text.nullable(),
    rationale: text.nullable(),
    /** What the decision changed, when it changed the category, its status, the risk or the stage. */
    category: z
      .object({ from: category.nullable(), to: category, status: z.enum(CATEGORY_STATUSES) })
      .strict()
      .optional(),
    proposed: category.optional(),
    risk: z.object({ from: riskSchema.nullable(), to: riskSchema }).strict().optional(),
    approved: z.boolean().optional(),
    /** The decider's signature and what it signed, for `isf verify`. */
    signature: auditSignatureSchema.optional(),
    /** The review, intervention or objective the decision recorded. */
    outcome: z.enum(REVIEW_OUTCOMES).optional(),
    kind: z.enum(INTERVENTION_KINDS).optional(),
    objective: z.number().int().min(1).optional(),
    /** The organisations a plan was shared with, or how far good practice was. */
    sharedWith: z.array(text).optional(),
    /** A proposal or sign-off of decommissioning. */
    decommission: z.boolean().optional(),
    /** An approval of category 3 or 4: the lead agency and owner agreed with it. */
    recovery: z.object({ leadAgency: text, owner: text }).strict().optional(),
    /** A proposal into category 4 on the urgent route, or the sign-off that approved its waiver. */
    noticeWaived: z.boolean().optional(),
    /** An agreement of the plan: who agreed it at the provider ("NAME, ROLE"). */
    agreedBy: text.optional(),
    /** A role whose notices were held back, or restored. */
    withheld: z.enum(STAKEHOLDER_ROLES).optional(),
    restored: z.enum(STAKEHOLDER_ROLES).optional(),
    /** The evidence the decider gave for it (`--evidence KIND:TEXT`). */
    evidence: z.array(evidenceItemSchema).optional(),
    // Since 2026-12 every entry says what it was checked against, and is chained to the one before.
    /** The configuration version the decision was checked against. */
    configVersion: text.optional(),
    /** Whether that configuration required signed decisions. */
    signaturesRequired: z.boolean().optional(),
    /** SHA-256 of the signing public key, first 16 hex digits; absent when unsigned. */
    keyFingerprint: hex(16).optional(),
    /** SHA-256 of the previous entry's canonical JSON; null on the first entry. */
    prevHash: hex(64).nullable().optional(),
  })
  .strict();
export type AuditEntry = DeepReadonly<z.output<typeof auditEntrySchema>>;

/** "There will be an agreement on lead agency and ownership, with commitment from all partners to effect improvement." */
const recoverySchema = z
  .object({
    leadAgency: text,
    /** The owner of the recovery: an email address. */
    owner: text,
    agreedAt: time,
    agreedBy: text,
  })
  .strict();
export type Recovery = DeepReadonly<z.output<typeof recoverySchema>>;

const goodPracticeSchema = z
  .object({
    at: time,
    by: text,
    summary: text,
    /** How far it was shared, or null when only recorded. */
    share: z.enum(SHARE_SCOPES).nullable(),
  })
  .strict();
export type GoodPractice = DeepReadonly<z.output<typeof goodPracticeSchema>>;

const planShareSchema = z.object({ at: time, by: text, with: z.array(text) }).strict();
export type PlanShare = DeepReadonly<z.output<typeof planShareSchema>>;

const reviewSchema = z
  .object({ at: time, by: text, outcome: z.enum(REVIEW_OUTCOMES), summary: text, evidence: z.array(text) })
  .strict();
export type Review = DeepReadonly<z.output<typeof reviewSchema>>;

const interventionSchema = z.object({ at: time, by: text, kind: z.enum(INTERVENTION_KINDS), summary: text }).strict();
export type Intervention = DeepReadonly<z.output<typeof interventionSchema>>;

/** A SMART objective of the action plan. */
const objectiveSchema = z
  .object({
    /** 1, 2, 3… in the order they were added. */
    id: z.number().int().min(1),
    objective: text,
    /** Who delivers it: an email address. */
    owner: text,
    due: time,
    measure: text,
    addedAt: time,
    addedBy: text,
    done: z.boolean(),
    completion: z.object({ at: time, by: text, evidence: text }).strict().nullable(),
    /** The intervention (1, 2, …) whose recommendations it answers. */
    answers: z.number().int().min(1).optional(),
  })
  .strict();
export type Objective = DeepReadonly<z.output<typeof objectiveSchema>>;

const notificationRecordSchema = z
  .object({
    event: z.enum(EVENTS),
    category,
    roles: z.array(audienceSchema),
    recipients: z.array(text),
    messageId: text.nullable(),
    at: time,
    /** Roles the concern held back from this notice (category 0 or 1). */
    withheld: z.array(audienceSchema).optional(),
  })
  .strict();
export type NotificationRecord = DeepReadonly<z.output<typeof notificationRecordSchema>>;

/** A local role held back from a concern's notices at category 0 or 1 ("shared … as appropriate"). */
const withheldSchema = z.object({ role: z.enum(STAKEHOLDER_ROLES), reason: text, by: text, at: time }).strict();
export type Withheld = DeepReadonly<z.output<typeof withheldSchema>>;

const undeliverableRecordSchema = z
  .object({
    event: z.enum(EVENTS),
    role: audienceSchema,
    /** The address refused by the mail server, or null when the role has no address at all. */
    recipient: text.nullable(),
    reason: text,
    at: time,
  })
  .strict();
export type UndeliverableRecord = DeepReadonly<z.output<typeof undeliverableRecordSchema>>;

export const concernStateSchema = z
  .object({
    ref: refSchema,
    title: text,
    region: text,
    provider: text,
    site: text,
    professions: z.array(z.enum(PROFESSIONS)),
    learners: z.number().int().min(0),
    sources: z.array(z.enum(EVIDENCE_SOURCES)),
    contacts: z.partialRecord(z.enum(STAKEHOLDER_ROLES), z.array(text)),
    openedAt: time,
    openedBy: text,
    /** Who raised the concern (an address), or null. */
    raisedBy: text.nullable(),

    stage: z.enum(STAGES),
    category,
    categoryStatus: z.enum(CATEGORY_STATUSES),
    /** When the current category took effect. */
    categorySince: time,
    lastConfirmedCategory: category.nullable(),
    pending: pendingSchema.nullable(),

    risk: riskSchema,
    registers: z.object({ regional: z.boolean(), national: z.boolean() }).strict(),
    ratingCategoryMismatch: z.boolean(),

    trainingSuspended: z.boolean(),
    /** At category 4, who leads the recovery and who owns it (absent in concerns suspended before it was recorded). */
    recovery: recoverySchema.nullable().optional(),
    /** HEE's Suspension of Postgraduate Medical Training policy is invoked (category 4 with postgraduate medical learners). */
    suspensionPolicyInvoked: z.boolean(),

    /** Monitoring: every clock below is kept by the workflow's own durable timers. */
    nextReviewDue: time.nullable(),
    reviews: z.array(reviewSchema),
    /** The first intervention is due by then, after the concern opened or its category rose; null once logged. */
    respondBy: time.nullable(),
    interventions: z.array(interventionSchema),
    objectives: z.array(objectiveSchema),
    planAgreed: z.boolean(),
    planAgreedAt: time.nullable(),
    /** Who agreed the plan at the provider ("NAME, ROLE"); absent in plans agreed before it was asked. */
    planAgreedBy: text.nullable().optional(),
    /** The action plan must be agreed by then (category 2 and above); null once agreed. */
    planDue: time.nullable(),
    /** An objective passed its date undone: the guide's trigger for escalation to category 3. */
    insufficientProgress: z.boolean(),

    notifications: z.array(notificationRecordSchema),
    undeliverable: z.array(undeliverableRecordSchema),
    audit: z.array(auditEntrySchema).min(1),
    closedAt: time.nullable(),
    /** Good practice recorded at category 0 or 1 (absent in concerns from before it was recorded). */
    goodPractice: z.array(goodPracticeSchema).optional(),
    /** Each time the agreed plan was shared with regulators or partners. */
    planShares: z.array(planShareSchema).optional(),
    /** Set when the concern closes (absent in concerns closed before outcomes were recorded: they were resolved). */
    outcome: z.enum(['resolved', 'decommissioned']).nullable().optional(),
    /** At confirmed category 3: when the notice of intention was given, and when its notice period ends. */
    noticeOfIntention: z.object({ givenAt: time, endsAt: time }).strict().nullable().optional(),
    /** Local roles held back from the concern's notices while it is at category 0 or 1. */
    withheld: z.array(withheldSchema).optional(),
  })
  .strict();

export type ConcernState = DeepReadonly<z.output<typeof concernStateSchema>>;
