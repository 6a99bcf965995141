// Categorisation: opening, proposals, confirm and challenge by regional governance, national
// sign-off of category 4, risk re-rating and closing. Pure: the state passed in is never modified.
import {
  CATEGORY,
  CLOSABLE_CATEGORIES,
  DECIDED_BY,
  NOTICE_OF_INTENTION_ROLES,
  needsNationalSignOff,
  rate as rateRisk,
  reinstatementReviewsNeeded,
  evidenceShortfall,
  stakeholdersFor,
  stakeholdersForChange,
  suspensionPolicyApplies,
  type Category,
} from '../policy';
import { contactsProblem, controlCharacterProblem, decisionBudgetProblem, proposalProblem } from './admission';
import { authorise, type DirectoryUser } from './directory';
import { openingSchema } from './inputs';
import { check } from './invalid';
import type { Notice } from './notices';
import { admitting, auditEntry, finish, refuse, verified, withEvidence, type DecisionContext, type Handler, type Outcome } from './outcome';
import type { CategoryStatus, ConcernState, Pending, PendingStage } from './state';

const STAGE_WORDS: Record<PendingStage, string> = {
  'awaiting-governance': 'awaiting regional governance confirmation',
  'awaiting-national-sign-off': 'awaiting national sign-off',
};

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

export const propose: Handler<'propose'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(pendingAlready(state.pending));
  const to = input.category;
  if (to === state.category && state.categoryStatus === 'confirmed') {
    return refuse(`category: ${state.ref} is already at confirmed category ${to}`);
  }
  if (state.category === 4 && to !== 4) {
    // "Assurance that it is safe to do so will require sustained improvement over time, which must be evidenced."
    const required = ctx.policy.reinstatementReviews;
    const needed = reinstatementReviewsNeeded(state.reviews.filter((r) => r.at >= state.categorySince), required);
    if (needed > 0) {
      return refuse(
        `category: leaving category 4 needs the last ${required} reviews since training was suspended to be improving, each with evidence; ${needed} more ${needed === 1 ? 'is' : 'are'} needed`,
      );
    }
  }
  if (admitting(ctx)) {
    const shortfall = evidenceShortfall(state.category, to, input.evidence);
    if (shortfall) return refuse(shortfall);
  }
  const national = needsNationalSignOff(state.category, to);
  const pending = proposal(state.category, to, national, input, user, ctx);
  const entry = auditEntry(ctx, user, 'propose', input.requestId, input.rationale, { proposed: to, ...withEvidence(input.evidence) });
  if (national) {
    // Category 4 is never provisional: nothing changes until national sign-off.
    const next = { ...state, pending, stage: 'awaiting-governance' as const, audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
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
  return finish(state, next, notices, ctx);
};

export const confirm: Handler<'confirm'> = (state, input, user, ctx) => {
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
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  const entry = auditEntry(ctx, user, 'confirm', input.requestId, input.rationale, { proposed: p.category, ...withEvidence(input.evidence) });
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
      ...(p.decommission ? { decommission: true } : {}),
    };
    return finish(state, next, [notice], ctx);
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
  return finish(state, next, notices, ctx);
};

export const challenge: Handler<'challenge'> = (state, input, user, ctx) => {
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
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  const entry = auditEntry(ctx, user, 'challenge', input.requestId, input.rationale, { proposed: p.category, ...withEvidence(input.evidence) });
  const restored = state.lastConfirmedCategory;
  if (p.nationalSignOff || restored === null) {
    // Nothing took effect (category 4), or there is no confirmed category to go back to (a new
    // concern): the proposal ends and the category stays as it is until a new one is confirmed.
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
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
  return finish(state, next, notices, ctx);
};

export const signOff: Handler<'sign-off'> = (state, input, user, ctx) => {
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
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  if (input.approve && p.category === 4 && !p.decommission && admitting(ctx)) {
    const missing = recoveryMissing(input.leadAgency, input.owner);
    if (missing) return refuse(missing);
  }
  const entry = auditEntry(ctx, user, 'sign-off', input.requestId, input.rationale, {
    proposed: p.category,
    approved: input.approve,
    ...withEvidence(input.evidence),
    ...(input.approve && p.category === 4 && !p.decommission && input.leadAgency && input.owner ? { recovery: { leadAgency: input.leadAgency, owner: input.owner } } : {}),
    ...(p.decommission ? { decommission: true } : {}),
  });
  if (!input.approve) {
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
  }
  if (p.decommission) {
    // The posts are gone: there is no training left to suspend or recover, and the concern closes.
    const next: ConcernState = { ...state, pending: null, stage: 'closed', closedAt: ctx.now, outcome: 'decommissioned', trainingSuspended: false, audit: [...state.audit, entry] };
    const notice: Notice = { event: 'decommissioned', roles: stakeholdersFor(4), category: 4, rationale: p.rationale, by: user.name };
    return finish(state, next, [notice], ctx);
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
    recovery: suspended && input.leadAgency && input.owner ? { leadAgency: input.leadAgency, owner: input.owner, agreedAt: ctx.now, agreedBy: user.id } : null,
    audit: [...state.audit, entry],
  };
  const changed = categoryChanged(state.category, to, 'confirmed', 'signed-off', p.rationale, user);
  if (next.recovery && changed.event === 'category-changed') changed.recovery = { leadAgency: next.recovery.leadAgency, owner: next.recovery.owner };
  const notices = [changed];
  if (to === 3) notices.push(noticeOfIntention(p.rationale, user));
  return finish(state, next, notices, ctx);
};

export const rate: Handler<'rate'> = (state, input, user, ctx) => {
  if (input.likelihood === state.risk.likelihood && input.impact === state.risk.impact) {
    return refuse(`${state.ref} is already rated likelihood ${input.likelihood} × impact ${input.impact}`);
  }
  const risk = rateRisk(input.likelihood, input.impact);
  const entry = auditEntry(ctx, user, 'rate', input.requestId, input.rationale, { risk: { from: state.risk, to: risk }, ...withEvidence(input.evidence) });
  return finish(state, { ...state, risk, audit: [...state.audit, entry] }, [], ctx);
};

export const close: Handler<'close'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(`${state.ref} cannot close while ${pendingAlready(state.pending)}`);
  if (!CLOSABLE_CATEGORIES.includes(state.category) || state.categoryStatus !== 'confirmed') {
    return refuse(
      `a concern closes only from a confirmed category ${CLOSABLE_CATEGORIES.join(' or ')}; ${state.ref} is at ${state.categoryStatus} category ${state.category} (${CATEGORY[state.category].name})`,
    );
  }
  const entry = auditEntry(ctx, user, 'close', input.requestId, input.rationale);
  const next: ConcernState = { ...state, stage: 'closed', closedAt: ctx.now, outcome: 'resolved', audit: [...state.audit, entry] };
  return finish(state, next, [], ctx);
};

/** The opening: the concern's first categorisation takes effect at once, provisionally. */
export function openConcern(input: unknown, ctx: DecisionContext): Outcome {
  const parsed = check(openingSchema, input);
  if (!parsed.ok) return refuse(parsed.reason);
  const o = parsed.value;
  if (admitting(ctx)) {
    const problem = controlCharacterProblem(input) ?? contactsProblem(o.contacts) ?? decisionBudgetProblem(input, ctx.policy);
    if (problem) return refuse(problem);
  }
  const { directory } = ctx;
  if (!directory.regions.includes(o.region)) {
    return refuse(`region: unknown region '${o.region}' (known: ${directory.regions.join(', ')})`);
  }
  const providerRegion = directory.providers[o.provider];
  if (providerRegion === undefined) return refuse(`provider: unknown provider '${o.provider}'`);
  if (providerRegion !== o.region) return refuse(`provider: ${o.provider} is in ${providerRegion}, not ${o.region}`);
  const auth = authorise(directory, o.actor, DECIDED_BY.open, o.region);
  if (!auth.ok) return refuse(auth.reason);
  const signed = verified(ctx, { ref: o.ref, action: 'open', payload: input, user: auth.user, audit: [] });
  if (!signed.ok) return refuse(signed.reason);
  ctx = signed.ctx;
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
    raisedBy: o.raisedBy ?? null,
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
    nextReviewDue: null,
    reviews: [],
    respondBy: null,
    interventions: [],
    objectives: [],
    planAgreed: false,
    planAgreedAt: null,
    planDue: null,
    insufficientProgress: false,
    notifications: [],
    undeliverable: [],
    audit: [
      auditEntry(ctx, auth.user, 'open', o.requestId, o.rationale, {
        category: { from: null, to: o.category, status: 'provisional' },
        risk: { from: null, to: risk },
      }),
    ],
    closedAt: null,
  };
  const notices = [categoryChanged(null, o.category, 'provisional', 'opened', o.rationale, auth.user)];
  return finish(null, state, notices, ctx);
}

/** Why an approval of category 4 cannot go ahead without its lead agency and owner, or null. */
function recoveryMissing(leadAgency: string | undefined, owner: string | undefined): string | null {
  const needs = 'approving category 4 needs an agreed lead agency and owner of the recovery (--lead-agency TEXT --owner ADDRESS)';
  if (!leadAgency) return `lead-agency: ${needs}`;
  if (!owner) return `owner: ${needs}`;
  return null;
}

/** A proposal as it waits for regional governance. */
function proposal(
  from: Category,
  to: Category,
  nationalSignOff: boolean,
  input: { rationale: string; evidence: Pending['evidence'] },
  user: DirectoryUser,
  ctx: DecisionContext,
): Pending {
  return {
    category: to,
    from,
    stage: 'awaiting-governance',
    nationalSignOff,
    proposedBy: user.id,
    proposedAt: ctx.now,
    rationale: input.rationale,
    confirmedBy: null,
    confirmedAt: null,
    evidence: input.evidence,
  };
}

export function pendingAlready(p: Pending): string {
  const what = p.decommission ? 'decommissioning' : `category ${p.category}`;
  return `a proposal of ${what} by ${p.proposedBy} is ${STAGE_WORDS[p.stage]} and must be decided first`;
}

/**
 * Category 4 ends in recovery "unless training posts are decommissioned". Decommissioning is a
 * move out of category 4 like any other: triangulated evidence, regional governance confirmation,
 * national sign-off; on sign-off the concern closes with outcome `decommissioned`.
 */
export const decommission: Handler<'decommission'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(pendingAlready(state.pending));
  if (state.category !== 4) return refuse(`${state.ref} is at category ${state.category}: only a category-4 concern, with training suspended, can end in decommissioning`);
  if (admitting(ctx)) {
    const shortfall = evidenceShortfall(4, 3, input.evidence, 'decommissioning, a move out of category 4,');
    if (shortfall) return refuse(shortfall);
  }
  const pending: Pending = { ...proposal(4, 4, true, input, user, ctx), decommission: true };
  const entry = auditEntry(ctx, user, 'decommission', input.requestId, input.rationale, { decommission: true, ...withEvidence(input.evidence) });
  return finish(state, { ...state, pending, stage: 'awaiting-governance', audit: [...state.audit, entry] }, [], ctx);
};

