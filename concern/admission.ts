// Rules that refuse a decision or an opening at admission only, added after concerns were already
// running: the update's validator (and the admin script, before sending) applies them; a replay,
// which runs handlers only, applies what a history already accepted without them.
import { FEEDBACK_KINDS, LOCAL_ROLES } from '../policy';
import { after } from '../config/durations';
import type { Policy } from '../config/settings';
import type { ConcernState, Pending, Review } from './state';
import { CONTROL } from './text';

export { withoutControlCharacters } from './text';

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first text field holding a control character, named with the character; null when none does. */
export function controlCharacterProblem(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') {
    const found = CONTROL.exec(value);
    return found
      ? `${path.join('.') || 'text'}: must not contain control characters (${codePoint(found[0])} at position ${found.index + 1})`
      : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = controlCharacterProblem(item, [...path, String(i)]);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'signature') continue;
      const problem = controlCharacterProblem(item, [...path, key]);
      if (problem) return problem;
    }
  }
  return null;
}

/** Bytes of a value as JSON in UTF-8: what Temporal stores. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en-GB')} KiB`;

/** A decision's payload over its budget: one line naming the budget. */
export function decisionBudgetProblem(payload: unknown, policy: Pick<Policy, 'maxDecisionBytes'>): string | null {
  const bytes = jsonBytes(payload);
  return bytes > policy.maxDecisionBytes
    ? `decision: ${kib(bytes)} is over the budget of ${kib(policy.maxDecisionBytes)} for one decision (policy.maxDecisionBytes); shorten the text or attach less evidence`
    : null;
}

/** The state a decision would leave, with what the run carries beside it, over its budget. */
export function stateBudgetProblem(
  state: unknown,
  carriedBytes: number,
  policy: Pick<Policy, 'maxStateBytes'>,
): string | null {
  const bytes = jsonBytes(state) + carriedBytes;
  return bytes > policy.maxStateBytes
    ? `state: this decision would make the concern ${kib(bytes)}, over its budget of ${kib(policy.maxStateBytes)} (policy.maxStateBytes), beyond which Temporal could not carry it; record the detail elsewhere and refer to it`
    : null;
}

/**
 * "Concern-specific contacts" may name addresses for the provider's local roles only: never a
 * regional, national or provider-executive role, nor the regulator, whose addresses come from
 * the configuration alone.
 */
export function contactsProblem(contacts: Record<string, unknown> | undefined): string | null {
  for (const role of Object.keys(contacts ?? {})) {
    if (!(LOCAL_ROLES as readonly string[]).includes(role)) {
      return `contacts: ${role} is not one of the provider's local roles (${LOCAL_ROLES.join(', ')}); its addresses come from the configuration only`;
    }
  }
  return null;
}

/**
 * A decision about a proposal names the proposal pending now; a signed one must, so that the
 * signature cannot be replayed to decide a later proposal. (Unsigned, anyone could send anything.)
 */
export function proposalProblem(
  pending: Pending,
  named: { category: number; proposedAt: string } | undefined,
  signed: boolean,
): string | null {
  const what = `${pending.decommission ? 'decommissioning' : `category ${pending.category}`} proposed at ${pending.proposedAt}`;
  if (!named) return signed ? `proposal: name the proposal this decides (${what}); isf does this for you` : null;
  if (named.category !== pending.category || named.proposedAt !== pending.proposedAt) {
    return `proposal: this decides the proposal of category ${named.category} made at ${named.proposedAt}, but the pending one is ${what}`;
  }
  return null;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * "Notice will be given that training … will be suspended if rapid and sustained directed
 * improvements are not made": category 4 is proposed from a confirmed category 3 whose notice of
 * intention was given at least `policy.noticePeriod` before; or now, on the urgent route (patient or
 * learner safety), with the notice waived, which national sign-off must approve.
 */
export function roadToSuspension(
  state: Pick<ConcernState, 'ref' | 'category' | 'categoryStatus' | 'noticeOfIntention' | 'audit'>,
  to: number,
  waiveNotice: boolean,
  ctx: { now: string; policy: Pick<Policy, 'noticePeriod'> },
): string | null {
  if (waiveNotice && to !== 4) return 'waive-notice: only a proposal of category 4 waives the notice period';
  if (to !== 4 || state.category === 4 || waiveNotice) return null;
  const urgent = 'or now with --waive-notice on the urgent route (patient or learner safety)';
  if (state.category !== 3 || state.categoryStatus !== 'confirmed') {
    return `category: category 4 is proposed from a confirmed category 3, once its notice of intention has run (policy.noticePeriod, ${ctx.policy.noticePeriod}), ${urgent}; ${state.ref} is at ${state.categoryStatus} category ${state.category}`;
  }
  // Concerns confirmed at 3 before the notice period was recorded: the notice went with the confirmation.
  const given =
    state.noticeOfIntention?.givenAt ??
    [...state.audit]
      .reverse()
      .find((a) => a.action === 'confirm' && a.category?.to === 3 && a.category.status === 'confirmed')?.at ??
    null;
  const from = given ? after(given, ctx.policy.noticePeriod) : null;
  if (from && from <= ctx.now) return null;
  return from
    ? `category: the notice of intention given on ${day(given!)} runs until ${day(from)} (policy.noticePeriod, ${ctx.policy.noticePeriod}): category 4 can be proposed from ${day(from)}, ${urgent}`
    : `category: no notice of intention was given at category 3; category 4 can be proposed once it has (policy.noticePeriod, ${ctx.policy.noticePeriod}), ${urgent}`;
}

/**
 * "Assurance that it is safe to do so will require sustained improvement over time, which must be
 * evidenced … feedback from consultants, non-training grade doctors and other professionals, as
 * well as from learners": the improving reviews that let category 4 be left span at least
 * `policy.sustainedImprovementFor`, and the proposal's evidence includes such feedback.
 */
export function sustainedImprovementShortfall(
  improving: readonly Pick<Review, 'at'>[],
  evidence: readonly { kind: string }[],
  ctx: { now: string; policy: Pick<Policy, 'sustainedImprovementFor'> },
): string | null {
  const first = improving[0]?.at;
  const from = first ? after(first, ctx.policy.sustainedImprovementFor) : null;
  if (from && from > ctx.now) {
    return `category: leaving category 4 needs improvement sustained over ${ctx.policy.sustainedImprovementFor} (policy.sustainedImprovementFor): the improving reviews run from ${day(first)}, so it can be proposed from ${day(from)}`;
  }
  if (!evidence.some((e) => (FEEDBACK_KINDS as readonly string[]).includes(e.kind))) {
    return `evidence: leaving category 4 needs feedback from consultants, other staff or learners among the evidence (${FEEDBACK_KINDS.join(', ')})`;
  }
  return null;
}
