// The concern's clocks, derived from its state: what falls due when, and what to send when it
// does. The workflow keeps one durable timer for the earliest clock not yet fired; because clocks
// are recomputed from the state after every change, a clock whose reason is gone simply no longer
// exists, and a re-planned one has a new key.
import {
  CONFIRMATION_REMINDER_ROLES,
  OBJECTIVE_OVERDUE_ROLES,
  OBJECTIVE_REMINDER_ROLES,
  PLAN_OVERDUE_ROLES,
  RESPONSE_OVERDUE_ROLES,
  SIGN_OFF_REMINDER_ROLES,
  NOTICE_DEADLINE_ROLES,
  reviewOverdueRoles,
  reviewReminderRoles,
  type Audience,
  type Category,
} from '../policy';
import { after, before } from '../config/durations';
import type { Policy } from '../config/settings';
import type { ClockEvent } from './events';
import type { Notice } from './notices';
import type { ConcernState } from './state';

export const DEADLINE_KINDS = [
  'review',
  'response',
  'plan',
  'objective',
  'confirmation',
  'sign-off',
  'notice',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Something that falls due on a concern. */
export interface Deadline {
  kind: DeadlineKind;
  due: string;
  /** In words: "monitoring review", "objective 2: rota gaps filled". */
  what: string;
  objective?: number;
}

/** A moment at which the workflow sends something about a deadline. */
export interface Clock extends Deadline {
  /** Unique for this occurrence: the same clock is never fired twice. */
  key: string;
  event: ClockEvent;
  at: string;
}

export function deadlinesOf(state: ConcernState, policy: Policy): Deadline[] {
  if (state.stage === 'closed') return [];
  const deadlines: Deadline[] = [];
  if (state.nextReviewDue) deadlines.push({ kind: 'review', due: state.nextReviewDue, what: 'monitoring review' });
  if (state.respondBy) deadlines.push({ kind: 'response', due: state.respondBy, what: 'first intervention' });
  if (state.planDue) deadlines.push({ kind: 'plan', due: state.planDue, what: 'action plan agreed' });
  for (const o of state.objectives) {
    if (!o.done)
      deadlines.push({ kind: 'objective', due: o.due, what: `objective ${o.id}: ${o.objective}`, objective: o.id });
  }
  const p = state.pending;
  if (p?.stage === 'awaiting-governance') {
    deadlines.push({
      kind: 'confirmation',
      due: after(p.proposedAt, policy.confirmWithin),
      what: `regional governance decision on category ${p.category}`,
    });
  }
  if (p?.stage === 'awaiting-national-sign-off' && p.confirmedAt) {
    deadlines.push({
      kind: 'sign-off',
      due: after(p.confirmedAt, policy.signOffWithin),
      what: `national sign-off of category ${p.category}`,
    });
  }
  // The notice of intention's period, while the concern is at 3 with no move into 4 under way.
  if (state.noticeOfIntention && state.category === 3 && !(p && p.category === 4)) {
    deadlines.push({
      kind: 'notice',
      due: state.noticeOfIntention.endsAt,
      what: 'end of the notice period of the notice of intention',
    });
  }
  return deadlines.sort((a, b) => a.due.localeCompare(b.due));
}

/** The soonest deadline, for the `IsfNextDeadline` search attribute. */
export function nextDeadline(state: ConcernState, policy: Policy): string | null {
  return deadlinesOf(state, policy)[0]?.due ?? null;
}

export function clocksOf(state: ConcernState, policy: Policy): Clock[] {
  const clocks: Clock[] = [];
  const add = (event: ClockEvent, at: string, d: Deadline) =>
    clocks.push({ ...d, event, at, key: `${event}:${d.objective ?? ''}:${d.due}` });
  for (const d of deadlinesOf(state, policy)) {
    switch (d.kind) {
      case 'review':
        add('review-reminder', before(d.due, policy.reminderBefore), d);
        add('review-overdue', after(d.due, policy.overdueAfter), d);
        break;
      case 'response':
        add('response-overdue', d.due, d);
        break;
      case 'plan':
        add('plan-overdue', d.due, d);
        break;
      case 'objective':
        add('objective-reminder', before(d.due, policy.objectiveReminderBefore), d);
        add('objective-overdue', d.due, d);
        break;
      case 'confirmation':
        add('confirmation-reminder', d.due, d);
        break;
      case 'sign-off':
        add('sign-off-reminder', d.due, d);
        break;
      case 'notice':
        add('notice-deadline', d.due, d);
        break;
    }
  }
  return clocks.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The earliest clock not yet fired. */
export function nextClock(state: ConcernState, policy: Policy, fired: readonly string[]): Clock | undefined {
  return clocksOf(state, policy).find((c) => !fired.includes(c.key));
}

/** Fired keys that still matter: those of clocks that still exist. */
export function stillFired(state: ConcernState, policy: Policy, fired: readonly string[]): string[] {
  const current = new Set(clocksOf(state, policy).map((c) => c.key));
  return fired.filter((key) => current.has(key));
}

function rolesFor(event: ClockEvent, category: Category): Audience[] {
  switch (event) {
    case 'review-reminder':
      return reviewReminderRoles(category);
    case 'review-overdue':
      return reviewOverdueRoles(category);
    case 'response-overdue':
      return [...RESPONSE_OVERDUE_ROLES];
    case 'plan-overdue':
      return [...PLAN_OVERDUE_ROLES];
    case 'objective-reminder':
      return [...OBJECTIVE_REMINDER_ROLES];
    case 'objective-overdue':
      return [...OBJECTIVE_OVERDUE_ROLES];
    case 'confirmation-reminder':
      return [...CONFIRMATION_REMINDER_ROLES];
    case 'sign-off-reminder':
      return [...SIGN_OFF_REMINDER_ROLES];
    case 'notice-deadline':
      return [...NOTICE_DEADLINE_ROLES];
  }
}

/** What a clock does when it fires: the notice, and for an objective past its date, the flag. */
export function fireClock(state: ConcernState, clock: Clock): { state: ConcernState; notice: Notice } {
  const owner =
    clock.objective === undefined ? undefined : state.objectives.find((o) => o.id === clock.objective)?.owner;
  const notice: Notice = {
    event: clock.event,
    roles: rolesFor(clock.event, state.category),
    category: state.category,
    due: clock.due,
    what: clock.what,
    ...(owner ? { contacts: { 'objective-owner': [owner] } } : {}),
  };
  const next = clock.event === 'objective-overdue' ? { ...state, insufficientProgress: true } : state;
  return { state: next, notice };
}
