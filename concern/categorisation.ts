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
import {
  contactsProblem,
  controlCharacterProblem,
  decisionBudgetProblem,
  proposalProblem,
  roadToSuspension,
  sustainedImprovementShortfall,
} from './admission';
import { after as later } from '../config/durations';
import { authorise } from './authorise';
import { checkOpening } from './checks';
import type { DirectoryUser } from './directory';
import type { Notice } from './notices';
import {
  admitting,
  auditEntry,
  finish,
  guideRules,
  refuse,
  verified,
  withEvidence,
  type DecisionContext,
  type Handler,
  type Outcome,
} from './outcome';
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

function noticeOfIntention(
  rationale: string,
  by: DirectoryUser,
  ctx: DecisionContext,
): { notice: Notice; given: ConcernState['noticeOfIntention'] } {
  if (!guideRules(ctx))
    return {
      notice: {
        event: 'notice-of-intention',
        roles: [...NOTICE_OF_INTENTION_ROLES],
        category: 3,
        rationale,
        by: by.name,
      },
      given: undefined,
    };
  const endsAt = later(ctx.now, ctx.policy.noticePeriod);
  return {
    notice: {
      event: 'notice-of-intention',
      roles: [...NOTICE_OF_INTENTION_ROLES],
      category: 3,
      rationale,
      by: by.name,
      endsAt,
    },
    given: { givenAt: ctx.now, endsAt },
  };
}

/** "Told when it settles": a provisional category confirmed, to that category's stakeholders. */
const categoryConfirmed = (category: Category, rationale: string | undefined, by: DirectoryUser): Notice => ({
  event: 'category-confirmed',
  roles: stakeholdersFor(category),
  category,
  rationale: rationale ?? null,
  by: by.name,
});

export const propose: Handler<'propose'> = (state, input, user, ctx) => {
  if (state.pending) return refuse(pendingAlready(state.pending));
  const to = input.category;
  if (to === state.category && state.categoryStatus === 'confirmed') {
    return refuse(`category: ${state.ref} is already at confirmed category ${to}`);
  }
  if (state.category === 4 && to !== 4) {
    // "Assurance that it is safe to do so will require sustained improvement over time, which must be evidenced."
    const required = ctx.policy.reinstatementReviews;
    const since = state.reviews.filter((r) => r.at >= state.categorySince);
    const needed = reinstatementReviewsNeeded(since, required);
    if (needed > 0) {
      return refuse(
        `category: leaving category 4 needs the last ${required} reviews since training was suspended to be improving, each with evidence; ${needed} more ${needed === 1 ? 'is' : 'are'} needed`,
      );
    }
    if (admitting(ctx)) {
      const unsustained = sustainedImprovementShortfall(since.slice(-required), input.evidence, ctx);
      if (unsustained) return refuse(unsustained);
    }
  }
  if (admitting(ctx)) {
    const shortfall = evidenceShortfall(state.category, to, input.evidence);
    if (shortfall) return refuse(shortfall);
    const road = roadToSuspension(state, to, input.waiveNotice === true, ctx);
    if (road) return refuse(road);
  }
  const national = needsNationalSignOff(state.category, to);
  let pending = proposal(state.category, to, national, input, user, ctx);
  if (input.waiveNotice) pending = { ...pending, waiveNotice: true };
  let entry = auditEntry(ctx, user, 'propose', input.requestId, input.rationale, {
    proposed: to,
    ...withEvidence(input.evidence),
    ...(input.waiveNotice ? { noticeWaived: true } : {}),
  });
  if (national) {
    // Category 4 is never provisional: nothing changes until national sign-off.
    const next = { ...state, pending, stage: 'awaiting-governance' as const, audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
  }
  // Categories 0 to 3 take effect at once, provisionally, "so that the response is timely".
  const changed = to !== state.category;
  entry = { ...entry, category: { from: state.category, to, status: 'provisional' } };
  const next: ConcernState = {
    ...state,
    category: to,
    categoryStatus: 'provisional',
    categorySince: changed ? ctx.now : state.categorySince,
    pending,
    stage: 'awaiting-governance',
    audit: [...state.audit, entry],
  };
  const notices = changed
    ? [categoryChanged(state.category, to, 'provisional', 'proposed', input.rationale, user)]
    : [];
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
    return refuse(
      `${user.id} proposed category ${p.category}; a different regional-governance member of ${state.region} must confirm it`,
    );
  }
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  // "Multi-agency oversight" from category 3: confirming a move into 3 agrees who leads and owns the recovery.
  const intoThree = !p.nationalSignOff && state.category === 3 && state.lastConfirmedCategory !== 3;
  if (intoThree && admitting(ctx)) {
    const missing = recoveryMissing(input.leadAgency, input.owner, 'confirming category 3');
    if (missing) return refuse(missing);
  }
  if (!intoThree && admitting(ctx) && (input.leadAgency || input.owner)) {
    return refuse(
      `${input.leadAgency ? 'lead-agency' : 'owner'}: only confirming a move into category 3 agrees a lead agency and owner of the recovery (category 4's are agreed at national sign-off)`,
    );
  }
  const agreed =
    intoThree && guideRules(ctx) && input.leadAgency && input.owner
      ? { leadAgency: input.leadAgency, owner: input.owner }
      : undefined;
  let entry = auditEntry(ctx, user, 'confirm', input.requestId, input.rationale, {
    proposed: p.category,
    ...withEvidence(input.evidence),
    ...(agreed ? { recovery: agreed } : {}),
  });
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
  entry = { ...entry, category: { from: previous, to: state.category, status: 'confirmed' } };
  let next: ConcernState = {
    ...state,
    categoryStatus: 'confirmed',
    lastConfirmedCategory: state.category,
    pending: null,
    stage: 'open',
    audit: [...state.audit, entry],
    ...(agreed ? { recovery: { ...agreed, agreedAt: ctx.now, agreedBy: user.id } } : {}),
  };
  const notices: Notice[] = guideRules(ctx) ? [categoryConfirmed(state.category, input.rationale, user)] : [];
  if (state.category === 3 && previous !== 3) {
    const { notice, given } = noticeOfIntention(p.rationale, user, ctx);
    notices.push(notice);
    if (given) next = { ...next, noticeOfIntention: given };
  }
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
    return refuse(
      `${user.id} proposed category ${p.category}; a different regional-governance member of ${state.region} must challenge it`,
    );
  }
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  let entry = auditEntry(ctx, user, 'challenge', input.requestId, input.rationale, {
    proposed: p.category,
    ...withEvidence(input.evidence),
  });
  const restored = state.lastConfirmedCategory;
  if (p.nationalSignOff || restored === null) {
    // Nothing took effect (category 4), or there is no confirmed category to go back to (a new
    // concern): the proposal ends and the category stays as it is until a new one is confirmed.
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
  }
  const changed = restored !== state.category;
  entry = { ...entry, category: { from: state.category, to: restored, status: 'confirmed' } };
  const next: ConcernState = {
    ...state,
    category: restored,
    categoryStatus: 'confirmed',
    categorySince: changed ? ctx.now : state.categorySince,
    pending: null,
    stage: 'open',
    audit: [...state.audit, entry],
  };
  const notices = changed
    ? [categoryChanged(state.category, restored, 'confirmed', 'restored', input.rationale, user)]
    : [];
  return finish(state, next, notices, ctx);
};

export const signOff: Handler<'sign-off'> = (state, input, user, ctx) => {
  const p = state.pending;
  if (!p) return refuse(`nothing awaits national sign-off: ${state.ref} has no pending proposal`);
  if (!p.nationalSignOff) {
    return refuse(
      `the proposal of category ${p.category} needs regional governance confirmation, not national sign-off`,
    );
  }
  if (p.stage === 'awaiting-governance') {
    return refuse(
      `regional governance has not yet confirmed the proposal of category ${p.category}; national sign-off comes after`,
    );
  }
  if (p.proposedBy === user.id) {
    return refuse(`${user.id} proposed category ${p.category}; a different national-scrutiny user must sign it off`);
  }
  if (p.confirmedBy === user.id) {
    return refuse(
      `${user.id} confirmed this proposal for regional governance; a different national-scrutiny user must sign it off`,
    );
  }
  if (admitting(ctx)) {
    const wrong = proposalProblem(p, input.proposal, ctx.security.requireSignedDecisions);
    if (wrong) return refuse(wrong);
  }
  // Into 4: the recovery agreed at 3 is carried unless the sign-off names new ones.
  const carried =
    guideRules(ctx) && state.recovery
      ? { leadAgency: state.recovery.leadAgency, owner: state.recovery.owner }
      : undefined;
  const named = input.leadAgency && input.owner ? { leadAgency: input.leadAgency, owner: input.owner } : undefined;
  if (input.approve && p.category === 4 && !p.decommission && admitting(ctx)) {
    const missing =
      carried && !input.leadAgency && !input.owner
        ? null
        : recoveryMissing(input.leadAgency, input.owner, 'approving category 4');
    if (missing) return refuse(missing);
    if (!p.waiveNotice && input.approveWaiver) {
      return refuse(
        'approve-waiver: this proposal of category 4 waived no notice period; there is no waiver to approve',
      );
    }
    if (p.waiveNotice && !input.approveWaiver) {
      return refuse(
        'approve-waiver: category 4 was proposed on the urgent route, waiving the notice period; approving it needs the waiver approved too (--approve-waiver)',
      );
    }
  }
  const recovery = input.approve && p.category === 4 && !p.decommission ? (named ?? carried) : undefined;
  const waived = input.approve && p.category === 4 && p.waiveNotice === true && guideRules(ctx);
  let entry = auditEntry(ctx, user, 'sign-off', input.requestId, input.rationale, {
    proposed: p.category,
    approved: input.approve,
    ...withEvidence(input.evidence),
    ...(recovery && (named || guideRules(ctx)) ? { recovery } : {}),
    ...(waived ? { noticeWaived: true } : {}),
    ...(p.decommission ? { decommission: true } : {}),
  });
  if (!input.approve) {
    const next: ConcernState = { ...state, pending: null, stage: 'open', audit: [...state.audit, entry] };
    return finish(state, next, [], ctx);
  }
  if (p.decommission) {
    // The posts are gone: there is no training left to suspend or recover, and the concern closes.
    const next: ConcernState = {
      ...state,
      pending: null,
      stage: 'closed',
      closedAt: ctx.now,
      outcome: 'decommissioned',
      trainingSuspended: false,
      audit: [...state.audit, entry],
    };
    const notice: Notice = {
      event: 'decommissioned',
      roles: stakeholdersFor(4),
      category: 4,
      rationale: p.rationale,
      by: user.name,
    };
    return finish(state, next, [notice], ctx);
  }
  const to = p.category;
  const suspended = to === 4;
  entry = { ...entry, category: { from: state.category, to, status: 'confirmed' } };
  let next: ConcernState = {
    ...state,
    category: to,
    categoryStatus: 'confirmed',
    categorySince: ctx.now,
    lastConfirmedCategory: to,
    pending: null,
    stage: 'open',
    trainingSuspended: suspended,
    suspensionPolicyInvoked: suspended && suspensionPolicyApplies(state.professions),
    recovery: guideRules(ctx)
      ? suspended
        ? named
          ? { ...named, agreedAt: ctx.now, agreedBy: user.id }
          : (state.recovery ?? null)
        : to === 3
          ? (state.recovery ?? null)
          : null
      : suspended && named
        ? { ...named, agreedAt: ctx.now, agreedBy: user.id }
        : null,
    audit: [...state.audit, entry],
    // "A training recovery support programme": entering 4 needs a fresh recovery plan, whatever was agreed before.
    ...(suspended && guideRules(ctx)
      ? {
          planAgreed: false,
          planAgreedAt: null,
          planAgreedBy: null,
          planDue: later(ctx.now, ctx.policy.planAgreedWithin),
        }
      : {}),
  };
  const changed = categoryChanged(state.category, to, 'confirmed', 'signed-off', p.rationale, user);
  if (changed.event === 'category-changed') {
    if (suspended && next.recovery)
      changed.recovery = { leadAgency: next.recovery.leadAgency, owner: next.recovery.owner };
    if (waived) changed.noticeWaived = true;
  }
  const notices: Notice[] = [changed];
  if (to === 3) {
    const { notice, given } = noticeOfIntention(p.rationale, user, ctx);
    notices.push(notice);
    if (given) next = { ...next, noticeOfIntention: given };
  }
  return finish(state, next, notices, ctx);
};

export const rate: Handler<'rate'> = (state, input, user, ctx) => {
  if (input.likelihood === state.risk.likelihood && input.impact === state.risk.impact) {
    return refuse(`${state.ref} is already rated likelihood ${input.likelihood} × impact ${input.impact}`);
  }
  const risk = rateRisk(input.likelihood, input.impact);
  const entry = auditEntry(ctx, user, 'rate', input.requestId, input.rationale, {
    risk: { from: state.risk, to: risk },
    ...withEvidence(input.evidence),
  });
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
  const next: ConcernState = {
    ...state,
    stage: 'closed',
    closedAt: ctx.now,
    outcome: 'resolved',
    audit: [...state.audit, entry],
  };
  // Told when it settles: the last category's stakeholders hear that the concern closed.
  const notices: Notice[] = guideRules(ctx)
    ? [
        {
          event: 'concern-closed',
          roles: stakeholdersFor(state.category),
          category: state.category,
          rationale: input.rationale,
          by: user.name,
        },
      ]
    : [];
  return finish(state, next, notices, ctx);
};

/** The opening: the concern's first categorisation takes effect at once, provisionally. */
export function openConcern(input: unknown, ctx: DecisionContext): Outcome {
  const parsed = checkOpening(input);
  if (!parsed.ok) return refuse(parsed.reason);
  const o = parsed.value;
  if (admitting(ctx)) {
    const problem =
      controlCharacterProblem(input) ?? contactsProblem(o.contacts) ?? decisionBudgetProblem(input, ctx.policy);
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

/** Why a move into 3 or 4 cannot go ahead without its lead agency and owner, or null. */
function recoveryMissing(leadAgency: string | undefined, owner: string | undefined, move: string): string | null {
  const needs = `${move} needs an agreed lead agency and owner of the recovery (--lead-agency TEXT --owner ADDRESS)`;
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
  if (state.category !== 4)
    return refuse(
      `${state.ref} is at category ${state.category}: only a category-4 concern, with training suspended, can end in decommissioning`,
    );
  if (admitting(ctx)) {
    const shortfall = evidenceShortfall(4, 3, input.evidence, 'decommissioning, a move out of category 4,');
    if (shortfall) return refuse(shortfall);
  }
  const pending: Pending = { ...proposal(4, 4, true, input, user, ctx), decommission: true };
  const entry = auditEntry(ctx, user, 'decommission', input.requestId, input.rationale, {
    decommission: true,
    ...withEvidence(input.evidence),
  });
  return finish(state, { ...state, pending, stage: 'awaiting-governance', audit: [...state.audit, entry] }, [], ctx);
};
