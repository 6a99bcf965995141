// The concern's lifecycle as pure functions: given the state, a decision and who takes it, either
// a refusal (one line, naming the field or the rule) or the next state and the notices it owes.
// The workflow calls these from its validators (to refuse before anything reaches history) and
// again from its handlers (to apply); nothing here does I/O or reads the clock.
import { DECIDED_BY } from '../policy';
import { challenge, close, confirm, decommission, propose, rate, signOff } from './categorisation';
import { authorise } from './authorise';
import { checkDecision } from './checks';
import type { DecisionKind, DecisionPayload } from './inputs';
import { intervene, planAdd, planAgree, planDone, review } from './monitoring';
import { goodPractice, planShare } from './sharing';
import { audience } from './audience';
import { admitting, refuse, verified, type DecisionContext, type Handler, type Outcome } from './outcome';
import { controlCharacterProblem, decisionBudgetProblem, stateBudgetProblem } from './admission';
import type { ConcernState } from './state';

export { openConcern } from './categorisation';
export type { DecisionContext, Outcome } from './outcome';
export type { Notice } from './notices';

const HANDLERS: { [K in DecisionKind]: Handler<K> } = {
  propose,
  confirm,
  challenge,
  'sign-off': signOff,
  rate,
  close,
  review,
  intervene,
  'plan-add': planAdd,
  'plan-agree': planAgree,
  'plan-done': planDone,
  decommission,
  'good-practice': goodPractice,
  'plan-share': planShare,
  audience,
};

/**
 * Checks and applies one decision. Pure: the state passed in is never modified.
 *
 * At admission (the update's validator) every check runs, in order: the payload's shape, its
 * control characters and size, who may take it, its signature; a request id already applied is
 * then the same decision resent, and changes nothing. Applying what was admitted (the handler, and
 * every replay) runs only the checks the rules had when the history was written.
 */
export function decide<K extends DecisionKind>(
  state: ConcernState,
  kind: K,
  input: unknown,
  ctx: DecisionContext,
): Outcome {
  // A decision resent with the same request id (a client that timed out and retried, possibly
  // into the concern's next run) was already recorded: it changes nothing and is not refused.
  const requestId = (input as { requestId?: unknown } | null)?.requestId;
  const applied = typeof requestId === 'string' ? state.audit.find((a) => a.requestId === requestId) : undefined;
  if (applied && !admitting(ctx)) return { ok: true, state, notices: [] };
  if (state.stage === 'closed' && !applied) return refuse(`${state.ref} is closed`);
  const parsed = checkDecision(kind, input);
  if (!parsed.ok) return refuse(parsed.reason);
  const payload = parsed.value as DecisionPayload<K>;
  if (admitting(ctx)) {
    const problem = controlCharacterProblem(input) ?? decisionBudgetProblem(input, ctx.policy);
    if (problem) return refuse(problem);
  }
  const auth = authorise(ctx.directory, payload.actor, DECIDED_BY[kind], state.region);
  if (!auth.ok) return refuse(auth.reason);
  const signed = verified(ctx, {
    ref: state.ref,
    action: kind,
    payload: input,
    user: auth.user,
    audit: state.audit,
    resent: applied,
  });
  if (!signed.ok) return refuse(signed.reason);
  if (applied) {
    // Only the same person's same decision is the same decision.
    if (applied.actor !== payload.actor || applied.action !== kind) {
      return refuse(
        `requestId: ${String(requestId)} was already used for ${applied.action} by ${applied.actor}; give a new request id`,
      );
    }
    return { ok: true, state, notices: [] };
  }
  const outcome = HANDLERS[kind](state, payload, auth.user, signed.ctx);
  if (outcome.ok && admitting(ctx)) {
    const problem = stateBudgetProblem(outcome.state, ctx.carriedBytes ?? 0, ctx.policy);
    if (problem) return refuse(problem);
  }
  return outcome;
}
