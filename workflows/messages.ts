// Messages of the concern workflow, importable by the admin script without any worker code.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Carried } from '../concern/carried';
import type { DecisionInput, DecisionKind, OpeningInput } from '../concern/inputs';
import type { ConcernState } from '../concern/state';

export type { Carried, QueuedNotice } from '../concern/carried';

/** The workflow's start argument: a new concern, or one carried over by continue-as-new. */
export type ConcernInput = { kind: 'new'; opening: OpeningInput } | { kind: 'continued'; carried: Carried };

/** Sent with the start (update-with-start): returns once the opening is accepted or refused. */
export const openUpdate = defineUpdate<ConcernState, []>('open');

/** A decision's update: its name is the admin-script command (`propose`, `plan-add`, …). */
const decisionUpdate = <K extends DecisionKind>(kind: K) => defineUpdate<ConcernState, [DecisionInput<K>]>(kind);

export const DECISION_UPDATES = {
  propose: decisionUpdate('propose'),
  confirm: decisionUpdate('confirm'),
  challenge: decisionUpdate('challenge'),
  'sign-off': decisionUpdate('sign-off'),
  rate: decisionUpdate('rate'),
  close: decisionUpdate('close'),
  review: decisionUpdate('review'),
  intervene: decisionUpdate('intervene'),
  'plan-add': decisionUpdate('plan-add'),
  'plan-agree': decisionUpdate('plan-agree'),
  'plan-done': decisionUpdate('plan-done'),
  decommission: decisionUpdate('decommission'),
  'good-practice': decisionUpdate('good-practice'),
  'plan-share': decisionUpdate('plan-share'),
  audience: decisionUpdate('audience'),
} as const satisfies { [K in DecisionKind]: unknown };

export const stateQuery = defineQuery<ConcernState>('state');

/** What the concern would carry into a new run: read by `isf export`, given back by `isf import`. */
export const carriedQuery = defineQuery<Carried>('carried');

/** The worker's configuration changed: reload it before the next decision. */
export const configChangedSignal = defineSignal<[]>('config-changed');

/** Failure type of a refused opening or decision, so that clients can tell refusals from faults. */
export const REFUSED = 'IsfRefused';
