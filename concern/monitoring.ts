// Monitoring decisions: reviews, interventions and the action plan. Pure, like categorisation.
import {
  ACTION_PLAN_FROM,
  ESCALATION_ADVICE_ROLES,
  SELF_DIRECTED_PLAN_FROM,
  describeEvidence,
  escalationAdvised,
  monitored,
  reviewOutcomeRoles,
} from '../policy';
import { after as later } from '../config/durations';
import type { Notice } from './notices';
import { admitting, auditEntry, finish, guideRules, refuse, withEvidence, type Handler } from './outcome';
import type { ConcernState, Objective } from './state';

export const review: Handler<'review'> = (state, input, user, ctx) => {
  if (!monitored(state.category))
    return refuse(`${state.ref} is at category 0: there are no monitoring reviews at category 0`);
  const items = input.evidence.filter((e) => typeof e !== 'string');
  const entry = auditEntry(ctx, user, 'review', input.requestId, input.summary, {
    outcome: input.outcome,
    ...withEvidence(items),
  });
  const evidence = input.evidence.map((e) => (typeof e === 'string' ? e : describeEvidence(e)));
  const next: ConcernState = {
    ...state,
    reviews: [...state.reviews, { at: ctx.now, by: user.id, outcome: input.outcome, summary: input.summary, evidence }],
    // Recording a review sets the next one.
    nextReviewDue: later(ctx.now, ctx.policy.reviewEvery[state.category]),
    audit: [...state.audit, entry],
  };
  const notices: Notice[] = escalationAdvised(state.category, input.outcome)
    ? [
        {
          event: 'escalation-advised',
          roles: [...ESCALATION_ADVICE_ROLES],
          category: state.category,
          summary: input.summary,
          by: user.name,
        },
      ]
    : [];
  // At 3 and 4 monitoring is national: each review's outcome and the plan's progress go out.
  const outcomeRoles = reviewOutcomeRoles(state.category);
  if (guideRules(ctx) && outcomeRoles.length) {
    const objectives = state.objectives;
    notices.push({
      event: 'review-outcome',
      roles: outcomeRoles,
      category: state.category,
      outcome: input.outcome,
      summary: input.summary,
      by: user.name,
      plan: {
        objectives: objectives.length,
        done: objectives.filter((o) => o.done).length,
        overdue: objectives.filter((o) => !o.done && o.due <= ctx.now).length,
        agreed: state.planAgreed,
      },
    });
  }
  return finish(state, next, notices, ctx);
};

export const intervene: Handler<'intervene'> = (state, input, user, ctx) => {
  const entry = auditEntry(ctx, user, 'intervene', input.requestId, input.summary, { kind: input.kind });
  const next: ConcernState = {
    ...state,
    interventions: [...state.interventions, { at: ctx.now, by: user.id, kind: input.kind, summary: input.summary }],
    // The response the category asked for has been made.
    respondBy: null,
    audit: [...state.audit, entry],
  };
  return finish(state, next, [], ctx);
};

export const planAdd: Handler<'plan-add'> = (state, input, user, ctx) => {
  // A self-directed plan, owned at the provider, from category 1; a formal plan from 2.
  const from = guideRules(ctx) ? SELF_DIRECTED_PLAN_FROM : ACTION_PLAN_FROM;
  if (state.category < from) {
    return refuse(`action plans are for category ${from} and above; ${state.ref} is at category ${state.category}`);
  }
  if (input.due <= ctx.now) return refuse(`due: must be in the future (got ${input.due})`);
  if (input.answers !== undefined && admitting(ctx) && input.answers > state.interventions.length) {
    return refuse(
      `answers: ${state.ref} has ${state.interventions.length || 'no'} intervention${state.interventions.length === 1 ? '' : 's'} logged; an objective answers one of them (1 to ${state.interventions.length || 0})`,
    );
  }
  const objective: Objective = {
    id: state.objectives.length + 1,
    objective: input.objective,
    owner: input.owner,
    due: input.due,
    measure: input.measure,
    addedAt: ctx.now,
    addedBy: user.id,
    done: false,
    completion: null,
    ...(input.answers !== undefined ? { answers: input.answers } : {}),
  };
  const entry = auditEntry(ctx, user, 'plan-add', input.requestId, input.objective, { objective: objective.id });
  let next: ConcernState = { ...state, objectives: [...state.objectives, objective], audit: [...state.audit, entry] };
  // A self-directed plan begun at category 1 is to be agreed in time, as a formal one is.
  if (guideRules(ctx) && state.category < ACTION_PLAN_FROM && !state.planAgreed && state.planDue === null)
    next = { ...next, planDue: later(ctx.now, ctx.policy.planAgreedWithin) };
  return finish(state, next, [], ctx);
};

export const planAgree: Handler<'plan-agree'> = (state, input, user, ctx) => {
  if (state.planAgreed) return refuse(`the action plan of ${state.ref} was already agreed on ${state.planAgreedAt}`);
  if (!state.objectives.some((o) => !o.done))
    return refuse(`the action plan of ${state.ref} has no open objective: add one first (isf plan ${state.ref} add …)`);
  // "The action plans will be agreed between HEE and the provider": who agreed it there is recorded.
  if (admitting(ctx) && !input.agreedBy)
    return refuse('agreed-by: say who agreed the plan at the provider (--agreed-by "NAME, ROLE")');
  const entry = auditEntry(
    ctx,
    user,
    'plan-agree',
    input.requestId,
    input.rationale,
    input.agreedBy ? { agreedBy: input.agreedBy } : {},
  );
  const next: ConcernState = {
    ...state,
    planAgreed: true,
    planAgreedAt: ctx.now,
    planDue: null,
    audit: [...state.audit, entry],
    ...(input.agreedBy ? { planAgreedBy: input.agreedBy } : {}),
  };
  return finish(state, next, [], ctx);
};

export const planDone: Handler<'plan-done'> = (state, input, user, ctx) => {
  const target = state.objectives.find((o) => o.id === input.objective);
  if (!target) {
    return refuse(
      `objective: ${state.ref} has no objective ${input.objective} (it has ${state.objectives.length || 'none'})`,
    );
  }
  if (target.done)
    return refuse(`objective: objective ${target.id} of ${state.ref} was already done on ${target.completion?.at}`);
  const objectives = state.objectives.map((o) =>
    o.id === target.id ? { ...o, done: true, completion: { at: ctx.now, by: user.id, evidence: input.evidence } } : o,
  );
  // Progress is sufficient again once no objective is past its date undone.
  const stillLate = objectives.some((o) => !o.done && o.due <= ctx.now);
  const entry = auditEntry(ctx, user, 'plan-done', input.requestId, input.evidence, { objective: target.id });
  const next: ConcernState = {
    ...state,
    objectives,
    insufficientProgress: state.insufficientProgress && stillLate,
    audit: [...state.audit, entry],
  };
  return finish(state, next, [], ctx);
};
