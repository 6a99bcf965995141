// The ISF service's requests and answers, as zod schemas: the service validates with them and its
// OpenAPI document is generated from them; the admin script takes its types from them. Decisions
// and the concern's state are the rules' own schemas (concern/inputs.ts, concern/state.ts).
import { z } from 'zod';
import { CATEGORIES, RISK_BANDS, SHARE_SCOPES } from '../policy';
import { categorySchema, idSchema, refSchema, DECISION_KINDS } from '../concern/inputs';
import { concernStateSchema, STAGES, CATEGORY_STATUSES } from '../concern/state';
import { DEADLINE_KINDS } from '../concern/clocks';
import { durationSchema, type Policy } from '../config/settings';

export const problemSchema = z
  .object({
    type: z.string().describe('/problems/<type>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('one line: what and why'),
  })
  .describe('RFC 9457 problem details');

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const time = z.iso.datetime();
const category = z.union(CATEGORIES.map((c) => z.literal(c)));

// ---- Requests ----

export const refParams = z.object({ ref: refSchema }).strict();
export const decisionParams = z.object({ ref: refSchema, decision: z.enum(DECISION_KINDS) }).strict();
export const regionQuery = z.object({ region: idSchema.optional() }).strict();

/** An ISO date (the register at the end of that day, UTC) or date-time. */
const pastMoment = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'an ISO date, as 2026-04-01')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a real date');
export const registerQuery = z.object({ region: idSchema.optional(), at: pastMoment.optional() }).strict();

const numeric = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v), schema);

export const listQuery = z
  .object({
    region: idSchema.optional(),
    category: numeric(categorySchema).optional(),
    minCategory: numeric(categorySchema).optional(),
    nationalRegister: flag.optional(),
    all: flag.optional(),
  })
  .strict();

export const REGISTER_LEVELS = ['regional', 'national'] as const;
export type RegisterLevel = (typeof REGISTER_LEVELS)[number];
export const registerParams = z.object({ level: z.enum(REGISTER_LEVELS) }).strict();

export const dueQuery = z.object({ region: idSchema.optional(), within: durationSchema.default('14 days') }).strict();

/** An ISO date (the whole day) or date-time. */
const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO date (2026-12-31) or date-time',
});
export const reportQuery = z.object({ region: idSchema.optional(), from: day.optional(), to: day.optional() }).strict();

// ---- Answers ----

export const concernListingSchema = z
  .object({
    ref: z.string(),
    title: z.string().nullable(),
    site: z.string().nullable(),
    region: z.string(),
    provider: z.string(),
    category: z.number().int(),
    riskScore: z.number().int(),
    stage: z.enum(STAGES),
    nationalRegister: z.boolean(),
    openedAt: time,
    closed: z.boolean(),
    /** From category 3: who leads the recovery, and its owner (an email address); null before. */
    leadAgency: z.string().nullable(),
    owner: z.string().nullable(),
  })
  .strict();
/** One row of `isf list`, read from the read model: no query per concern. */
export type ConcernListing = z.output<typeof concernListingSchema>;

export const shownSchema = z
  .object({
    concern: concernStateSchema,
    /** The policy the concern's clocks run on, for showing them (the configuration's `policy:` section). */
    policy: z.record(z.string(), z.unknown()).describe("the configuration's policy section"),
    /** When the region's weekly digest runs next, or null. */
    nextDigest: time.nullable(),
  })
  .strict();
export type Shown = Omit<z.output<typeof shownSchema>, 'policy'> & { policy: Policy };

export const registerRowSchema = z
  .object({
    ref: z.string(),
    provider: z.string(),
    site: z.string(),
    region: z.string(),
    category: z.number().int(),
    categoryStatus: z.enum(CATEGORY_STATUSES).nullable(),
    riskScore: z.number().int(),
    riskBand: z.enum(RISK_BANDS),
    stage: z.string(),
    categorySince: time.nullable(),
    daysSinceCategory: z.number().int().nullable(),
    nextReviewDue: time.nullable(),
    reviewOverdue: z.boolean(),
    overdueObjectives: z.number().int(),
    leadAgency: z.string().nullable(),
    owner: z.string().nullable(),
  })
  .strict();
export type RegisterRow = z.output<typeof registerRowSchema>;

export const agendaItemSchema = z
  .object({
    ref: z.string(),
    region: z.string(),
    provider: z.string(),
    site: z.string(),
    category: z.number().int(),
    kind: z.enum(DEADLINE_KINDS),
    what: z.string(),
    due: time,
    overdue: z.boolean(),
  })
  .strict();
export type AgendaItem = z.output<typeof agendaItemSchema>;

export const inboxItemSchema = z
  .object({
    ref: z.string(),
    region: z.string(),
    /** The decision or the deadline that waits: confirm, sign-off, review, objective, response, plan. */
    task: z.string(),
    what: z.string(),
    due: time.nullable(),
    overdue: z.boolean(),
  })
  .strict();
export type InboxItem = z.output<typeof inboxItemSchema>;

export const verificationSchema = z
  .object({
    ref: z.string(),
    verified: z.boolean(),
    failed: z.array(z.number().int()),
    unsigned: z.array(z.number().int()),
    state: z.string().nullable(),
    decisions: z.array(
      z
        .object({
          number: z.number().int(),
          at: time,
          actor: z.string(),
          action: z.string(),
          status: z.enum(['verified', 'unsigned', 'failed']),
          reason: z.string().nullable(),
          verified: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();

export const healthSchema = z
  .object({
    ok: z.boolean(),
    checks: z.array(
      z
        .object({
          name: z.enum(['service', 'server', 'search-attributes', 'worker']),
          ok: z.boolean(),
          detail: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type Health = z.output<typeof healthSchema>;
export type HealthCheck = Health['checks'][number];

export const goodPracticeItemSchema = z
  .object({
    at: time,
    ref: z.string(),
    region: z.string(),
    provider: z.string(),
    site: z.string(),
    category,
    summary: z.string(),
    share: z.enum(SHARE_SCOPES).nullable(),
    by: z.string(),
  })
  .strict();
export type SharedGoodPractice = z.output<typeof goodPracticeItemSchema>;

export const reportSchema = z
  .object({
    /** The governance pack: one self-contained HTML page. */
    html: z.string(),
    summary: z
      .object({
        concerns: z.number().int(),
        movements: z.number().int(),
        register: z.number().int(),
        charts: z.number().int(),
      })
      .strict(),
  })
  .strict();
export type Report = z.output<typeof reportSchema>;
