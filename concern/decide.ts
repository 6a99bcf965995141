// The concern's lifecycle as pure functions: given the state, a decision and who takes it, either
// a refusal (one line, naming the field or the rule) or the next state and the notices it owes.
// The workflow calls these from its validators (to refuse before anything reaches history) and
// again from its handlers (to apply); nothing here does I/O or reads the clock.
import {
  CATEGORY,
  CLOSABLE_CATEGORIES,
  DECIDED_BY,
  NOTICE_OF_INTENTION_ROLES,
  REGISTER_CHANGE_ROLES,
  needsNationalSignOff,
  rate as rateRisk,
  ratingCategoryMismatch,
  registersFor,
  stakeholdersForChange,
  suspensionPolicyApplies,
  type Category,
} from '../policy';
import type { Policy } from '../config/policy';
import { authorise, type Directory, type DirectoryUser } from './directory';
import type { EventName } from './events';
import { DECISION_SCHEMAS, openingSchema, type DecisionKind, type DecisionPayload } from './inputs';
import { check } from './invalid';
import type {
  Audience,
  AuditAction,
  AuditEntry,
  CategoryStatus,
  ConcernState,
  Pending,
  PendingStage,
} from './state';

export interface DecisionContext {
  /** Workflow time, ISO 8601. */
  now: string;
  directory: Directory;
  policy: Policy;
}

interface NoticeBase {
  roles: Audience[];
  /** The concern's category when the notice was raised. */
  category: Category;
}

/** A notification the concern owes; the workflow sends it through an activity. */
export type Notice = NoticeBase &
  (
    | {
        event: 'category-changed';
        from: Category | null;
        status: CategoryStatus;
        cause: 'opened' | 'proposed' | 'restored' | 'signed-off';
        rationale: string;
        by: string;
      }
    | { event: 'notice-of-intention'; rationale: string; by: string }
    | {
        event: 'sign-off-requested';
        proposed: Category;
        proposedBy: string;
        confirmedBy: string;
        rationale: string;
      }
    | { event: 'register-change'; entered: boolean; score: number }
    | {
        event: 'undeliverable';
        about: EventName;
        failures: { role: Audience; recipient: string | null; reason: string }[];
      }
  );

export type Outcome = { ok: false; reason: string } | { ok: true; state: ConcernState; notices: Notice[] };

const refuse = (reason: string): Outcome => ({ ok: false, reason });

const STAGE_WORDS: Record<PendingStage, string> = {
  'awaiting-governance': 'awaiting regional governance confirmation',
  'awaiting-national-sign-off': 'awaiting national sign-off',
};

function audit(
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

function finish(before: ConcernState | null, after: ConcernState, notices: Notice[], policy: Policy): Outcome {
  const state = withRegisters(after, policy);
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

function categoryChanged(
  from: Category | null,
  to: Category,
  status: CategoryStatus,
  cause: Extract<Notice, { event: 'category-changed' }>['cause'],
  rationale: string,
  by: DirectoryUser,
): Notice {
  return {
    event: 'category-changed',
    roles: stakeholdersForChange(from, to),
    category: to,
    from,
    status,
    cause,
    rationale,
    by: by.name,
  };
}

function noticeOfIntention(rationale: string, by: DirectoryUser): Notice {
  return { event: 'notice-of-intention', roles: [...NOTICE_OF_INTENTION_ROLES], category: 3, rationale, by: by.name };
}

/** The opening: the concern's first categorisation takes effect at once, provisionally. */
export function openConcern(input: unknown, ctx: DecisionContext): Outcome {
  const parsed = check(openingSchema, input);
  if (!parsed.ok) return refuse(parsed.reason);
  const o = parsed.value;
  const { directory } = ctx;
  if (!directory.regions.includes(o.region)) {
    return refuse(`region: unknown region '${o.region}' (known: ${directory.regions.join(', ')})`);
  }
  const providerRegion = directory.providers[o.provider];
  if (providerRegion === undefined) return refuse(`provider: unknown provider '${o.provider}'`);
  if (providerRegion !== o.region) return refuse(`provider: ${o.provider} is in ${providerRegion}, not ${o.region}`);
  const auth = authorise(directory, o.actor, DECIDED_BY.open, o.region);
  if (!auth.ok) return refuse(auth.reason);
  if (o.category === 4) {
    return refuse(
      'category: a concern cannot open at category 4; training is suspended only after regional governance confirmation and national sign-off, so open it at 3 and propose 4',
    );
  }
  const risk = rateRisk(o.likelihood, o.impact);
  const pending: Pending = {
    category: o.category,
    from: null,
    stage: 'awaiting-governance',
    nationalSignOff: false,
    proposedBy: auth.user.id,
    proposedAt: ctx.now,
    rationale: o.rationale,
    confirmedBy: null,
    confirmedAt: null,
  };
  const state: ConcernState = {
    ref: o.ref,
    title: o.title,
    region: o.region,
    provider: o.provider,
    site: o.site,
    professions: o.professions,
    learners: o.learners,
    sources: o.sources,
    contacts: o.contacts,
    openedAt: ctx.now,
    openedBy: auth.user.id,
    stage: 'awaiting-governance',
    category: o.category,
    categoryStatus: 'provisional',
    categorySince: ctx.now,
    lastConfirmedCategory: null,
    pending,
    risk,
    registers: { regional: false, national: false },
    ratingCategoryMismatch: false,
    trainingSuspended: false,
    suspensionPolicyInvoked: false,
    notifications: [],
    undeliverable: [],
    audit: [
      audit(ctx, auth.user, 'open', o.requestId, o.rationale, {
        category: { from: null, to: o.category, status: 'provisional' },
        risk: { from: null, to: risk },
      }),
    ],
    closedAt: null,
  };
  const notices = [categoryChanged(null, o.category, 'provisional', 'opened', o.rationale, auth.user)];
  return finish(null, state, notices, ctx.policy);
}

type Handler<K extends DecisionKind> = (
  state: ConcernState,
  input: DecisionPayload<K>,
  user: DirectoryUser,
  ctx: DecisionContext,
) => Outcome;

const propose: Handler<'propose'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(pendingAlready(state.pending));
  const to = input.category;
  if (to === state.category && state.categoryStatus === 'confirmed') {
    return refuse(`category: ${state.ref} is already at confirmed category ${to}`);
  }
  const national = needsNationalSignOff(state.category, to);
  const pending: Pending = {
    category: to,
    from: state.category,
    stage: 'awaiting-governance',
    nationalSignOff: national,
    proposedBy: user.id,
    proposedAt: ctx.now,
    rationale: input.rationale,
    confirmedBy: null,
    confirmedAt: null,
  };
  const entry = audit(ctx, user, 'propose', input.requestId, input.rationale, { proposed: to });
  if (national) {
    // Category 4 is never provisional: nothing changes until national sign-off.
    const next = { ...state, pending, stage: 'awaiting-governance' as const, audit: [...state.audit, entry] };
    return finish(state, next, [], ctx.policy);
  }
  // Categories 0 to 3 take effect at once, provisionally, "so that the response is timely".
  const changed = to !== state.category;
  entry.category = { from: state.category, to, status: 'provisional' };
  const next: ConcernState = {
    ...state,
    category: to,
    categoryStatus: 'provisional',
    categorySince: changed ? ctx.now : state.categorySince,
    pending,
    stage: 'awaiting-governance',
    audit: [...state.audit, entry],
  };
  const notices = changed ? [categoryChanged(state.category, to, 'provisional', 'proposed', input.rationale, user)] : [];
  return finish(state, next, notices, ctx.policy);
};

const confirm: Handler<'confirm'> = (state, input, user, ctx) => {
  const p = state.pending;
  if (!p) return refuse(`nothing awaits confirmation: ${state.ref} has no pending proposal`);
  if (p.stage === 'awaiting-national-sign-off') {
    return refuse(
      `regional governance (${p.confirmedBy}) has already confirmed the proposal of category ${p.category}; it awaits national sign-off`,
    );
  }
  if (p.proposedBy === user.id) {
    return refuse(`${user.id} proposed category ${p.category}; a different regional-governance member of ${state.region} must confirm it`);
  }
  const entry = audit(ctx, user, 'confirm', input.requestId, input.rationale, { proposed: p.category });
  if (p.nationalSignOff) {
    const next: ConcernState = {
      ...state,
      pending: { ...p, stage: 'awaiting-national-sign-off', confirmedBy: user.id, confirmedAt: ctx.now },
      stage: 'awaiting-national-sign-off',
      audit: [...state.audit, entry],
    };
    const notice: Notice = {
      event: 'sign-off-requested',
      roles: ['national-scrutiny'],
      category: state.category,
      proposed: p.category,
      proposedBy: p.proposedBy,
      confirmedBy: user.id,
      rationale: p.rationale,
    };
    return finish(state, next, [notice], ctx.policy);
  }
  const previous = state.lastConfirmedCategory;
  entry.category = { from: previous, to: state.category, status: 'confirmed' };
  const next: ConcernState = {
    ...state,
    categoryStatus: 'confirmed',
    lastConfirmedCategory: state.category,
    pending: null,
    stage: 'open',
    audit: [...state.audit, entry],
  };
  const notices = state.category === 3 && previous !== 3 ? [noticeOfIntention(p.rationale, user)] : [];
  return finish(state, next, notices, ctx.policy);
};

const challenge: Handler<'challenge'> = (state, input, user, ctx) => {
  const p = state.pending;
  if (!p) return refuse(`nothing to challenge: ${state.ref} has no pending proposal`);
  if (p.stage === 'awaiting-national-sign-off') {
    return refuse(
      `the proposal of category ${p.category} was confirmed by regional governance and awaits national sign-off; only national scrutiny can reject it now`,
    );
  }
  if (p.proposedBy === user.id) {
    return refuse(`${user.id} proposed category ${p.category}; a different regional-governance member of ${state.region} must challenge it`);
  }
  const entry = audit(ctx, user, 'challenge', input.requestId, input.rationale, { proposed: p.category });
  const restored = state.lastConfirmedCategory;
  if (p.nationalSignOff || restored === null) {
    // Nothing took effect (category 4), or there is no confirmed category to go back to (a new
    // concern): the proposal ends and the category stays as it is until a new one is confirmed.
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx.policy);
  }
  const changed = restored !== state.category;
  entry.category = { from: state.category, to: restored, status: 'confirmed' };
  const next: ConcernState = {
    ...state,
    category: restored,
    categoryStatus: 'confirmed',
    categorySince: changed ? ctx.now : state.categorySince,
    pending: null,
    stage: 'open',
    audit: [...state.audit, entry],
  };
  const notices = changed ? [categoryChanged(state.category, restored, 'confirmed', 'restored', input.rationale, user)] : [];
  return finish(state, next, notices, ctx.policy);
};

const signOff: Handler<'sign-off'> = (state, input, user, ctx) => {
  const p = state.pending;
  if (!p) return refuse(`nothing awaits national sign-off: ${state.ref} has no pending proposal`);
  if (!p.nationalSignOff) {
    return refuse(`the proposal of category ${p.category} needs regional governance confirmation, not national sign-off`);
  }
  if (p.stage === 'awaiting-governance') {
    return refuse(`regional governance has not yet confirmed the proposal of category ${p.category}; national sign-off comes after`);
  }
  if (p.proposedBy === user.id) {
    return refuse(`${user.id} proposed category ${p.category}; a different national-scrutiny user must sign it off`);
  }
  if (p.confirmedBy === user.id) {
    return refuse(`${user.id} confirmed this proposal for regional governance; a different national-scrutiny user must sign it off`);
  }
  const entry = audit(ctx, user, 'sign-off', input.requestId, input.rationale, {
    proposed: p.category,
    approved: input.approve,
  });
  if (!input.approve) {
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx.policy);
  }
  const to = p.category;
  const suspended = to === 4;
  entry.category = { from: state.category, to, status: 'confirmed' };
  const next: ConcernState = {
    ...state,
    category: to,
    categoryStatus: 'confirmed',
    categorySince: ctx.now,
    lastConfirmedCategory: to,
    pending: null,
    stage: 'open',
    trainingSuspended: suspended,
    suspensionPolicyInvoked: suspended && suspensionPolicyApplies(state.professions),
    audit: [...state.audit, entry],
  };
  const notices = [categoryChanged(state.category, to, 'confirmed', 'signed-off', p.rationale, user)];
  if (to === 3) notices.push(noticeOfIntention(p.rationale, user));
  return finish(state, next, notices, ctx.policy);
};

const rate: Handler<'rate'> = (state, input, user, ctx) => {
  if (input.likelihood === state.risk.likelihood && input.impact === state.risk.impact) {
    return refuse(`${state.ref} is already rated likelihood ${input.likelihood} × impact ${input.impact}`);
  }
  const risk = rateRisk(input.likelihood, input.impact);
  const entry = audit(ctx, user, 'rate', input.requestId, input.rationale, { risk: { from: state.risk, to: risk } });
  return finish(state, { ...state, risk, audit: [...state.audit, entry] }, [], ctx.policy);
};

const close: Handler<'close'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(`${state.ref} cannot close while ${pendingAlready(state.pending)}`);
  if (!CLOSABLE_CATEGORIES.includes(state.category) || state.categoryStatus !== 'confirmed') {
    return refuse(
      `a concern closes only from a confirmed category ${CLOSABLE_CATEGORIES.join(' or ')}; ${state.ref} is at ${state.categoryStatus} category ${state.category} (${CATEGORY[state.category].name})`,
    );
  }
  const entry = audit(ctx, user, 'close', input.requestId, input.rationale);
  const next: ConcernState = { ...state, stage: 'closed', closedAt: ctx.now, audit: [...state.audit, entry] };
  return finish(state, next, [], ctx.policy);
};

function pendingAlready(p: Pending): string {
  return `a proposal of category ${p.category} by ${p.proposedBy} is ${STAGE_WORDS[p.stage]} and must be decided first`;
}

const HANDLERS: { [K in DecisionKind]: Handler<K> } = {
  propose,
  confirm,
  challenge,
  'sign-off': signOff,
  rate,
  close,
};

/** Checks and applies one decision. Pure: the state passed in is never modified. */
export function decide<K extends DecisionKind>(
  state: ConcernState,
  kind: K,
  input: unknown,
  ctx: DecisionContext,
): Outcome {
  if (state.stage === 'closed') return refuse(`${state.ref} is closed`);
  const parsed = check(DECISION_SCHEMAS[kind], input);
  if (!parsed.ok) return refuse(parsed.reason);
  const payload = parsed.value as DecisionPayload<K>;
  const auth = authorise(ctx.directory, payload.actor, DECIDED_BY[kind], state.region);
  if (!auth.ok) return refuse(auth.reason);
  return HANDLERS[kind](state, payload, auth.user, ctx);
}
