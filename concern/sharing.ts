// Sharing beyond the concern's own stakeholders: good practice at category 0 or 1, and the agreed
// action plan with regulators and system partners. Pure, like the other decisions.
import { CATEGORY, GOOD_PRACTICE_CATEGORIES, GOOD_PRACTICE_ROLES } from '../policy';
import type { Notice } from './notices';
import { auditEntry, finish, refuse, type Handler } from './outcome';
import type { ConcernState } from './state';

export const goodPractice: Handler<'good-practice'> = (state, input, user, ctx) => {
  if (!GOOD_PRACTICE_CATEGORIES.includes(state.category)) {
    return refuse(
      `${state.ref} is at category ${state.category} (${CATEGORY[state.category].name}): good practice is recorded at category ${GOOD_PRACTICE_CATEGORIES.join(' or ')}`,
    );
  }
  const share = input.share ?? null;
  const entry = auditEntry(
    ctx,
    user,
    'good-practice',
    input.requestId,
    input.summary,
    share ? { sharedWith: [share] } : {},
  );
  const next: ConcernState = {
    ...state,
    goodPractice: [...(state.goodPractice ?? []), { at: ctx.now, by: user.id, summary: input.summary, share }],
    audit: [...state.audit, entry],
  };
  const notices: Notice[] = share
    ? [
        {
          event: 'good-practice-shared',
          roles: [...GOOD_PRACTICE_ROLES],
          category: state.category,
          summary: input.summary,
          by: user.name,
          across: share,
        },
      ]
    : [];
  return finish(state, next, notices, ctx);
};

export const planShare: Handler<'plan-share'> = (state, input, user, ctx) => {
  if (!state.planAgreed) {
    return refuse(
      `the action plan of ${state.ref} is not agreed yet: only an agreed plan is shared (isf plan ${state.ref} agree)`,
    );
  }
  const known = ctx.directory.organisations ?? [];
  const unknown = input.with.filter((o) => !known.includes(o));
  if (unknown.length) {
    return refuse(
      `with: '${unknown[0]}' is not a regulator or partner with an address in the configuration (known: ${known.join(', ') || 'none'})`,
    );
  }
  const entry = auditEntry(ctx, user, 'plan-share', input.requestId, undefined, { sharedWith: input.with });
  const next: ConcernState = {
    ...state,
    planShares: [...(state.planShares ?? []), { at: ctx.now, by: user.id, with: input.with }],
    audit: [...state.audit, entry],
  };
  const notice: Notice = {
    event: 'plan-shared',
    roles: ['partner'],
    category: state.category,
    organisations: input.with,
    by: user.name,
    agreedAt: state.planAgreedAt!,
    objectives: state.objectives.map(({ id, objective, owner, due, measure, done }) => ({
      id,
      objective,
      owner,
      due,
      measure,
      done,
    })),
  };
  return finish(state, next, [notice], ctx);
};
