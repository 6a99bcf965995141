// What every decision and clock shares: the context it is taken in, its outcome, the audit entry,
// and the bookkeeping that follows any change (registers, and the clocks a new category resets).
import {
  ACTION_PLAN_FROM,
  DECIDED_BY,
  RESPONSE_FROM,
  REGISTER_CHANGE_ROLES,
  monitored,
  ratingCategoryMismatch,
  registersFor,
  type EvidenceItem,
} from '../policy';
import { after as later } from '../config/durations';
import type { Policy } from '../config/settings';
import type { Directory, DirectoryUser, Security } from './directory';
import type { DecisionKind, DecisionPayload } from './inputs';
import type { Notice } from './notices';
import { chained } from './audit';
import { keyFingerprint, signatureProblem, type DecisionSignature } from './signing';
import type { AuditAction, AuditEntry, AuditSignature, ConcernState } from './state';

export interface DecisionContext {
  /** Workflow time, ISO 8601. */
  now: string;
  directory: Directory;
  policy: Policy;
  security: Security;
  /** The configuration version the decision is checked against, recorded in its audit entry. */
  configVersion?: string;
  /** The verified signature of the decision being taken and the key that made it, recorded in its audit entry. */
  signature?: { signature: AuditSignature; keyFingerprint: string };
  /**
   * Bytes the run carries beside the state into its next run (the outbox): with the state they
   * must stay within `policy.maxStateBytes`. Measured by the workflow at admission.
   */
  carriedBytes?: number;
  /**
   * False when a decision that was already admitted is applied (the update's handler): rules that
   * only refuse, added after concerns were already running, apply at admission alone (the update's
   * validator, which a replay never runs), so histories recorded before them still replay.
   */
  admitting?: boolean;
  /**
   * False in runs started before the guide was followed to the letter (2026-12: notices when a
   * category settles and a concern closes, the notice period, recovery at 3, the response clock from
   * category 2, review outcomes at 3 and 4…): what those change in a concern's notices, clocks and
   * state applies only in runs started since, so that older histories replay as they ran.
   */
  guide?: boolean;
}

/** Whether rules that only refuse apply: at admission, and wherever the context does not say. */
export const admitting = (ctx: DecisionContext): boolean => ctx.admitting !== false;

/** Whether the guide's 2026-12 rules change what the concern does: in runs since, and wherever the context does not say. */
export const guideRules = (ctx: DecisionContext): boolean => ctx.guide !== false;

export type Outcome = { ok: false; reason: string } | { ok: true; state: ConcernState; notices: Notice[] };
export type Accepted = Extract<Outcome, { ok: true }>;

/** One decision's rule: the payload is already checked, and the user allowed to act in its role. */
export type Handler<K extends DecisionKind> = (
  state: ConcernState,
  input: DecisionPayload<K>,
  user: DirectoryUser,
  ctx: DecisionContext,
) => Outcome;

/**
 * When decisions must be signed, the signature is checked against the decider's configured public
 * key; the context that comes back carries it into the audit entry. When they need not be,
 * signatures are neither checked nor recorded.
 */
export function verified(
  ctx: DecisionContext,
  decision: {
    ref: string;
    action: string;
    payload: unknown;
    user: DirectoryUser;
    audit: readonly AuditEntry[];
    /** The entry of the same request already applied: its nonce may come again (the same payload, resent). */
    resent?: AuditEntry;
  },
): { ok: true; ctx: DecisionContext } | { ok: false; reason: string } {
  if (!ctx.security.requireSignedDecisions) return { ok: true, ctx };
  const payload = decision.payload as Record<string, unknown>;
  const problem = signatureProblem({
    ref: decision.ref,
    action: decision.action,
    payload,
    actor: decision.user.id,
    publicKey: decision.user.publicKey,
    now: ctx.now,
    maxAgeMs: ctx.security.signatureMaxAgeMs,
    usedNonces: new Set(
      decision.audit.flatMap((a) => (a.signature && a !== decision.resent ? [a.signature.nonce] : [])),
    ),
  });
  if (problem) return { ok: false, reason: problem };
  // What was signed is kept as the payload itself: the signed message is rebuilt from it, never stored beside it.
  const { signature, ...signed } = payload as Record<string, unknown> & { signature: DecisionSignature };
  return {
    ok: true,
    ctx: {
      ...ctx,
      signature: {
        signature: { ...signature, payload: signed },
        keyFingerprint: keyFingerprint(decision.user.publicKey!),
      },
    },
  };
}

export const refuse = (reason: string): Outcome => ({ ok: false, reason });

/** The audit entry's evidence, when the decision gave any (entries without it stay as they were). */
export const withEvidence = (evidence: readonly EvidenceItem[]): Partial<AuditEntry> =>
  evidence.length ? { evidence: [...evidence] } : {};

export function auditEntry(
  ctx: DecisionContext,
  user: DirectoryUser,
  action: AuditAction,
  requestId: string | undefined,
  rationale: string | undefined,
  extra: Partial<AuditEntry> = {},
): AuditEntry {
  return {
    at: ctx.now,
    actor: user.id,
    actorName: user.name,
    role: DECIDED_BY[action],
    action,
    requestId: requestId ?? null,
    rationale: rationale ?? null,
    ...(ctx.signature ? { signature: ctx.signature.signature, keyFingerprint: ctx.signature.keyFingerprint } : {}),
    ...(ctx.configVersion !== undefined ? { configVersion: ctx.configVersion } : {}),
    signaturesRequired: ctx.security.requireSignedDecisions,
    ...extra,
  };
}

/** Register membership follows the score and the category; a closed concern is on no register. */
function withRegisters(state: ConcernState, policy: Policy): ConcernState {
  const closed = state.stage === 'closed';
  const registers = closed
    ? { regional: false, national: false }
    : registersFor(state.risk.score, state.category, policy.registerThreshold);
  const mismatch = !closed && ratingCategoryMismatch(state.risk.score, state.category, policy.registerThreshold);
  return { ...state, registers, ratingCategoryMismatch: mismatch };
}

/**
 * When a category takes effect (or is restored) its clocks start again: the next review falls due
 * after the category's interval; a rise starts the response clock; reaching category 2 starts the
 * clock for agreeing an action plan. A closed concern keeps no clocks.
 */
function withClocks(before: ConcernState | null, state: ConcernState, ctx: DecisionContext): ConcernState {
  if (state.stage === 'closed') return { ...state, nextReviewDue: null, respondBy: null, planDue: null };
  if (before !== null && before.category === state.category) return state;
  const { policy, now } = ctx;
  const c = state.category;
  const next = { ...state, nextReviewDue: monitored(c) ? later(now, policy.reviewEvery[c]) : null };
  const rose = before === null || c > before.category;
  // "Concerns at category 2 or above … responded to more rapidly": HEE's response is demanded from 2.
  if (rose && policy.respondWithin[c] && (!guideRules(ctx) || c >= RESPONSE_FROM))
    next.respondBy = later(now, policy.respondWithin[c]);
  if (guideRules(ctx)) {
    // The notice of intention stands while the concern is at 3; the multi-agency recovery at 3 and 4.
    if (c !== 3) next.noticeOfIntention = null;
    if (c < 3) next.recovery = null;
  }
  if (c < ACTION_PLAN_FROM) next.planDue = null;
  else if ((before === null || before.category < ACTION_PLAN_FROM) && !state.planAgreed) {
    next.planDue = later(now, policy.planAgreedWithin);
  }
  return next;
}

export function finish(
  before: ConcernState | null,
  after: ConcernState,
  notices: Notice[],
  ctx: DecisionContext,
): Accepted {
  const withChain =
    after.audit.length > (before?.audit.length ?? 0) ? { ...after, audit: chained(after.audit) } : after;
  const state = withClocks(before, withRegisters(withChain, ctx.policy), ctx);
  if (state.raisedBy) {
    const change =
      before === null
        ? 'categorised'
        : state.stage === 'closed'
          ? 'closed'
          : before.category !== state.category
            ? 'category-changed'
            : null;
    if (change) {
      notices.push({
        event: 'raiser-update',
        roles: ['raiser'],
        category: state.category,
        change,
        contacts: { raiser: [state.raisedBy] },
      });
    }
  }
  const wasOn = before?.registers.national ?? false;
  if (state.registers.national !== wasOn) {
    notices.push({
      event: 'register-change',
      roles: [...REGISTER_CHANGE_ROLES],
      category: state.category,
      entered: state.registers.national,
      score: state.risk.score,
    });
  }
  return { ok: true, state, notices };
}
