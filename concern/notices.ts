// Notifications a concern owes: raised by decisions and by clocks, sent by the workflow through
// an activity, rendered into mail by activities/mail-content.ts. Written as zod schemas because a
// continued run's outbox is part of its input, parsed before it is trusted.
import { z } from 'zod';
import { AUDIENCES, CATEGORIES, REVIEW_OUTCOMES, SHARE_SCOPES } from '../policy';
import { EVENTS } from './events';

const category = z.union(CATEGORIES.map((c) => z.literal(c)));
const time = z.iso.datetime();
const text = z.string();
const audience = z.enum(AUDIENCES);

const base = {
  roles: z.array(audience),
  /** The concern's category when the notice was raised. */
  category,
  /** Addresses for roles that are not in the configuration (an objective's owner). */
  contacts: z.partialRecord(audience, z.array(text)).optional(),
};

const notice = <E extends string, S extends z.ZodRawShape>(event: E, shape: S) =>
  z.object({ event: z.literal(event), ...base, ...shape }).strict();

const clockNotice = <E extends string>(event: E) =>
  notice(event, {
    /** When the thing the clock watches is (or was) due. */
    due: time,
    /** What is due, in words: "monitoring review", "objective 2: …". */
    what: text,
  });

export const noticeSchema = z.discriminatedUnion('event', [
  notice('category-changed', {
    from: category.nullable(),
    status: z.enum(['provisional', 'confirmed']),
    cause: z.enum(['opened', 'proposed', 'restored', 'signed-off']),
    rationale: text,
    by: text,
    /** Into category 3 or 4: who leads the recovery and owns it. */
    recovery: z.object({ leadAgency: text, owner: text }).strict().optional(),
    /** Into category 4 on the urgent route: the notice period was waived, and national sign-off approved the waiver. */
    noticeWaived: z.boolean().optional(),
  }),
  notice('notice-of-intention', {
    rationale: text,
    by: text,
    /** When the notice period ends: category 4 may be proposed from then (absent in notices before the notice period). */
    endsAt: time.optional(),
  }),
  notice('category-confirmed', { rationale: text.nullable(), by: text }),
  notice('concern-closed', { rationale: text, by: text }),
  notice('review-outcome', {
    outcome: z.enum(REVIEW_OUTCOMES),
    summary: text,
    by: text,
    /** The action plan's progress: objectives done of those set, and those past their date. */
    plan: z
      .object({ objectives: z.number().int(), done: z.number().int(), overdue: z.number().int(), agreed: z.boolean() })
      .strict(),
  }),
  notice('decommissioned', { rationale: text, by: text }),
  notice('good-practice-shared', {
    summary: text,
    by: text,
    /** The roles are resolved at every provider of the region, or at every provider. */
    across: z.enum(SHARE_SCOPES),
  }),
  notice('plan-shared', {
    /** Regulators and partners, by their names in the configuration. */
    organisations: z.array(text),
    by: text,
    agreedAt: time,
    objectives: z.array(
      z
        .object({ id: z.number().int(), objective: text, owner: text, due: time, measure: text, done: z.boolean() })
        .strict(),
    ),
  }),
  notice('sign-off-requested', {
    proposed: category,
    proposedBy: text,
    confirmedBy: text,
    rationale: text,
    /** The proposal is to decommission the training posts, not to change category. */
    decommission: z.boolean().optional(),
    /** Into category 4 on the urgent route: the notice period is waived, which sign-off must approve. */
    noticeWaived: z.boolean().optional(),
  }),
  notice('register-change', { entered: z.boolean(), score: z.number().int() }),
  notice('undeliverable', {
    about: z.enum(EVENTS),
    failures: z.array(z.object({ role: audience, recipient: text.nullable(), reason: text }).strict()),
  }),
  notice('escalation-advised', { summary: text, by: text }),
  notice('raiser-update', { change: z.enum(['categorised', 'category-changed', 'closed']) }),
  clockNotice('review-reminder'),
  clockNotice('review-overdue'),
  clockNotice('response-overdue'),
  clockNotice('plan-overdue'),
  clockNotice('objective-reminder'),
  clockNotice('objective-overdue'),
  clockNotice('confirmation-reminder'),
  clockNotice('sign-off-reminder'),
  clockNotice('notice-deadline'),
]);

export type Notice = z.output<typeof noticeSchema>;
